"""`make bench`: ClearPost's throughput and memory, measured through its own command line."""
