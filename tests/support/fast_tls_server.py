"""A TLS server on 127.0.0.1 built on the installed fast_tls (ejabberd's TLS library).

The escript accepts one connection and completes the handshake with fast_tls,
so tests can measure what the library itself does with given options.
Arguments: certificate file, protocol options, ciphers ("default" leaves an
option out, so fast_tls's own default applies).
"""

from pathlib import Path

from support.skipping import skip_or_fail

# Debian 12's erlang-p1-tls: fast_tls 1.1.16, the version ejabberd 23.01 pins.
FAST_TLS = Path("/usr/lib/erlang/lib/p1_tls-1.1.16")

FAST_TLS_SERVER = """\
#!/usr/bin/env escript
main([CertFile, ProtocolOptions, Ciphers]) ->
    {ok, _} = application:ensure_all_started(fast_tls),
    {ok, Listen} = gen_tcp:listen(0, [binary, {active, false}, {ip, {127,0,0,1}}]),
    {ok, Port} = inet:port(Listen),
    io:format("~b~n", [Port]),
    {ok, Socket} = gen_tcp:accept(Listen, 10000),
    Options = [{Key, list_to_binary(Value)}
               || {Key, Value} <- [{protocol_options, ProtocolOptions}, {ciphers, Ciphers}],
                  Value =/= "default"],
    {ok, Tls} = fast_tls:tcp_to_tls(Socket, [{certfile, list_to_binary(CertFile)} | Options]),
    loop(Socket, Tls).

loop(Socket, Tls) ->
    case gen_tcp:recv(Socket, 0, 10000) of
        {ok, Data} ->
            case fast_tls:recv_data(Tls, Data) of
                {ok, _} -> loop(Socket, Tls);
                {error, Error} -> io:format("error ~p~n", [Error])
            end;
        {error, Error} -> io:format("closed ~p~n", [Error])
    end.
"""


def require_fast_tls() -> None:
    if not (FAST_TLS / "ebin" / "fast_tls.beam").is_file():
        skip_or_fail(f"needs fast_tls 1.1.16 in {FAST_TLS} (Debian package erlang-p1-tls)")
