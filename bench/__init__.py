"""`make bench`: performance figures measured against the stack's own floor."""
