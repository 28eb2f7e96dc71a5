"""The ``configfile`` command: arguments and dispatch (``main``), one function per subcommand."""
