"""The agreement gate behind ``configfile check``: quotes, configs, lock and policy agree."""
