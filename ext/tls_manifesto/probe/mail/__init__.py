"""SMTP, IMAP and POP3 before TLS: the plain dialogue, STARTTLS, and what is allowed in clear."""
