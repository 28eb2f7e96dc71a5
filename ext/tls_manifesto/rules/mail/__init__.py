"""Rules for mail servers only: the MX, submission, and mailbox logins."""
