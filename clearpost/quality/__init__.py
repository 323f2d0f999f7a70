"""The data-quality stage: is the EAD complete and plausible enough for the destination, and what
must the Post fix?

    profiles.py   which data a destination requires, chosen by destination, stage and date
    checks.py     the checks (completeness, validity, plausibility, addresses, descriptions,
                  gifts, timeliness), rated by the profile and scored
    language.py   the findings worded in the Post's language (gettext catalogue)
    feedback.py   the report a Customs administration sends a Post

See docs/quality.md.
"""
