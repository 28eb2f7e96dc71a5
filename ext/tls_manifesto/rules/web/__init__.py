"""Rules for web servers only: HSTS and the redirect from plain HTTP."""
