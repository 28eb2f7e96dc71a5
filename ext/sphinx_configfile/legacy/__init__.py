"""The raw-LaTeX bridge: ``\\configfile{file}{ranges}{caption}`` pages build as directives, and
``migrate`` rewrites them.
"""
