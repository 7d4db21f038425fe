"""`export-cdrs`: every call record of a time window, into a JSON Lines file, resumably."""
