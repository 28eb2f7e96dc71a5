"""ejabberd: YAML and Erlang-terms options into the server model, fast_tls options, version
profile.
"""
