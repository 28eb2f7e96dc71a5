"""Postfix: main.cf and the master.cf beside it, read as smtpd reads them."""
