"""Evidence marks and verdict lines: the ``configfile-evidence`` event and its HTML and LaTeX
forms.
"""
