"""The Harmonized System: nomenclature (HS 2022, with HS 2017 for outdated codes)."""
