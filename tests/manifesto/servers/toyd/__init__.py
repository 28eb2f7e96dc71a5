"""toyd: a made-up XMPP server whose whole config is ``key = value`` lines.

It exists to prove that a server family is one folder and one registry
line: nothing outside this folder knows it (``test_new_family.py``).
"""
