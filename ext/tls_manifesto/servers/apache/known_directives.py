"""Apache httpd 2.4 directives that set nothing the checker judges, by module.

Generated from the directive synopses of docs/manual/mod/*.xml at tag 2.4.62
(https://github.com/apache/httpd/tree/2.4.62/docs/manual/mod), leaving out what the
reader interprets (sections, includes, Define, Listen, Header, Redirect*, Rewrite*)
and every directive of mod_ssl, mod_tls and mod_md, which ``ssl_directives`` sorts
one by one. A directive in none of these lists is named where it stands.
"""

from __future__ import annotations

_BY_MODULE = {
    "core": (
        "AcceptFilter AcceptPathInfo AccessFileName AddDefaultCharset AllowEncodedSlashes "
        "AllowOverride AllowOverrideList CGIMapExtension CGIPassAuth CGIVar ContentDigest "
        "DefaultRuntimeDir DefaultType Directory DirectoryMatch DocumentRoot Else ElseIf "
        "EnableMMAP EnableSendfile Error ErrorDocument ErrorLog ErrorLogFormat ExtendedStatus "
        "FileETag Files FilesMatch FlushMaxPipelined FlushMaxThreshold ForceType GprofDir "
        "HostnameLookups HttpProtocolOptions If KeepAlive KeepAliveTimeout Limit LimitExcept "
        "LimitInternalRecursion LimitRequestBody LimitRequestFieldSize LimitRequestFields "
        "LimitRequestLine LimitXMLRequestBody Location LocationMatch LogLevel "
        "MaxKeepAliveRequests MaxRangeOverlaps MaxRangeReversals MaxRanges MergeSlashes "
        "MergeTrailers Mutex NameVirtualHost Options Protocol Protocols ProtocolsHonorOrder "
        "QualifyRedirectURL RLimitCPU RLimitMEM RLimitNPROC ReadBufferSize "
        "RegexDefaultOptions RegisterHttpMethod ScriptInterpreterSource SeeRequestTail "
        "ServerAdmin ServerAlias ServerName ServerPath ServerSignature ServerTokens "
        "SetHandler SetInputFilter SetOutputFilter StrictHostCheck TimeOut TraceEnable "
        "UNCList UseCanonicalName UseCanonicalPhysicalPort"
    ),
    "event": (
        "AsyncRequestWorkerFactor CoreDumpDirectory EnableExceptionHook Group ListenBacklog "
        "MaxConnectionsPerChild MaxMemFree MaxRequestWorkers MaxSpareThreads MinSpareThreads "
        "PidFile ScoreBoardFile SendBufferSize ServerLimit StartServers ThreadLimit "
        "ThreadStackSize ThreadsPerChild User"
    ),
    "mod_access_compat": "Allow Deny Order Satisfy",
    "mod_actions": "Action Script",
    "mod_alias": "Alias AliasMatch AliasPreservePath RedirectRelative ScriptAlias ScriptAliasMatch",
    "mod_allowmethods": "AllowMethods",
    "mod_auth_basic": (
        "AuthBasicAuthoritative AuthBasicFake AuthBasicProvider AuthBasicUseDigestAlgorithm"
    ),
    "mod_auth_digest": (
        "AuthDigestAlgorithm AuthDigestDomain AuthDigestNonceLifetime AuthDigestProvider "
        "AuthDigestQop AuthDigestShmemSize"
    ),
    "mod_auth_form": (
        "AuthFormAuthoritative AuthFormBody AuthFormDisableNoStore AuthFormFakeBasicAuth "
        "AuthFormLocation AuthFormLoginRequiredLocation AuthFormLoginSuccessLocation "
        "AuthFormLogoutLocation AuthFormMethod AuthFormMimetype AuthFormPassword "
        "AuthFormProvider AuthFormSitePassphrase AuthFormSize AuthFormUsername"
    ),
    "mod_authn_anon": (
        "Anonymous Anonymous_LogEmail Anonymous_MustGiveEmail Anonymous_NoUserID "
        "Anonymous_VerifyEmail"
    ),
    "mod_authn_core": "AuthName AuthType AuthnProviderAlias",
    "mod_authn_dbd": "AuthDBDUserPWQuery AuthDBDUserRealmQuery",
    "mod_authn_dbm": "AuthDBMType AuthDBMUserFile",
    "mod_authn_file": "AuthUserFile",
    "mod_authn_socache": (
        "AuthnCacheContext AuthnCacheEnable AuthnCacheProvideFor AuthnCacheSOCache "
        "AuthnCacheTimeout"
    ),
    "mod_authnz_fcgi": "AuthnzFcgiCheckAuthnProvider AuthnzFcgiDefineProvider",
    "mod_authnz_ldap": (
        "AuthLDAPAuthorizePrefix AuthLDAPBindAuthoritative AuthLDAPBindDN "
        "AuthLDAPBindPassword AuthLDAPCharsetConfig AuthLDAPCompareAsUser "
        "AuthLDAPCompareDNOnServer AuthLDAPDereferenceAliases AuthLDAPGroupAttribute "
        "AuthLDAPGroupAttributeIsDN AuthLDAPInitialBindAsUser AuthLDAPInitialBindPattern "
        "AuthLDAPMaxSubGroupDepth AuthLDAPRemoteUserAttribute AuthLDAPRemoteUserIsDN "
        "AuthLDAPSearchAsUser AuthLDAPSubGroupAttribute AuthLDAPSubGroupClass AuthLDAPURL"
    ),
    "mod_authz_core": (
        "AuthMerging AuthzProviderAlias AuthzSendForbiddenOnFailure Require RequireAll "
        "RequireAny RequireNone"
    ),
    "mod_authz_dbd": "AuthzDBDLoginToReferer AuthzDBDQuery AuthzDBDRedirectQuery",
    "mod_authz_dbm": "AuthDBMGroupFile AuthzDBMType",
    "mod_authz_groupfile": "AuthGroupFile",
    "mod_autoindex": (
        "AddAlt AddAltByEncoding AddAltByType AddDescription AddIcon AddIconByEncoding "
        "AddIconByType DefaultIcon HeaderName IndexHeadInsert IndexIgnore IndexIgnoreReset "
        "IndexOptions IndexOrderDefault IndexStyleSheet ReadmeName"
    ),
    "mod_brotli": (
        "BrotliAlterETag BrotliCompressionMaxInputBlock BrotliCompressionQuality "
        "BrotliCompressionWindow BrotliFilterNote"
    ),
    "mod_buffer": "BufferSize",
    "mod_cache": (
        "CacheDefaultExpire CacheDetailHeader CacheDisable CacheEnable CacheHeader "
        "CacheIgnoreCacheControl CacheIgnoreHeaders CacheIgnoreNoLastMod "
        "CacheIgnoreQueryString CacheIgnoreURLSessionIdentifiers CacheKeyBaseURL "
        "CacheLastModifiedFactor CacheLock CacheLockMaxAge CacheLockPath CacheMaxExpire "
        "CacheMinExpire CacheQuickHandler CacheStaleOnError CacheStoreExpired "
        "CacheStoreNoStore CacheStorePrivate"
    ),
    "mod_cache_disk": (
        "CacheDirLength CacheDirLevels CacheMaxFileSize CacheMinFileSize CacheReadSize "
        "CacheReadTime CacheRoot"
    ),
    "mod_cache_socache": (
        "CacheSocache CacheSocacheMaxSize CacheSocacheMaxTime CacheSocacheMinTime "
        "CacheSocacheReadSize CacheSocacheReadTime"
    ),
    "mod_cern_meta": "MetaDir MetaFiles MetaSuffix",
    "mod_cgi": "CGIScriptTimeout ScriptLog ScriptLogBuffer ScriptLogLength",
    "mod_cgid": "CGIDScriptTimeout ScriptLog ScriptLogBuffer ScriptLogLength ScriptSock",
    "mod_charset_lite": "CharsetDefault CharsetOptions CharsetSourceEnc",
    "mod_dav": "Dav DavBasePath DavDepthInfinity DavMinTimeout",
    "mod_dav_fs": "DavLockDB DavLockDiscovery",
    "mod_dav_lock": "DavGenericLockDB",
    "mod_dbd": (
        "DBDExptime DBDInitSQL DBDKeep DBDMax DBDMin DBDParams DBDPersist DBDPrepareSQL DBDriver"
    ),
    "mod_deflate": (
        "DeflateAlterETag DeflateBufferSize DeflateCompressionLevel DeflateFilterNote "
        "DeflateInflateLimitRequestBody DeflateInflateRatioBurst DeflateInflateRatioLimit "
        "DeflateMemLevel DeflateWindowSize"
    ),
    "mod_dialup": "ModemStandard",
    "mod_dir": (
        "DirectoryCheckHandler DirectoryIndex DirectoryIndexRedirect DirectorySlash "
        "FallbackResource"
    ),
    "mod_dumpio": "DumpIOInput DumpIOOutput",
    "mod_echo": "ProtocolEcho",
    "mod_env": "PassEnv SetEnv UnsetEnv",
    "mod_example_hooks": "Example",
    "mod_expires": "ExpiresActive ExpiresByType ExpiresDefault",
    "mod_ext_filter": "ExtFilterDefine ExtFilterOptions",
    "mod_file_cache": "CacheFile MMapFile",
    "mod_filter": (
        "AddOutputFilterByType FilterChain FilterDeclare FilterProtocol FilterProvider FilterTrace"
    ),
    "mod_headers": "RequestHeader",
    "mod_heartbeat": "HeartbeatAddress",
    "mod_heartmonitor": "HeartbeatListen HeartbeatMaxServers HeartbeatStorage",
    "mod_http2": (
        "H2CopyFiles H2Direct H2EarlyHint H2EarlyHints H2MaxDataFrameLen H2MaxSessionStreams "
        "H2MaxWorkerIdleSeconds H2MaxWorkers H2MinWorkers H2ModernTLSOnly H2OutputBuffering "
        "H2Padding H2ProxyRequests H2Push H2PushDiarySize H2PushPriority H2PushResource "
        "H2SerializeHeaders H2StreamMaxMemSize H2StreamTimeout H2TLSCoolDownSecs "
        "H2TLSWarmUpSize H2Upgrade H2WebSockets H2WindowSize"
    ),
    "mod_ident": "IdentityCheck IdentityCheckTimeout",
    "mod_imagemap": "ImapBase ImapDefault ImapMenu",
    "mod_include": (
        "SSIETag SSIEndTag SSIErrorMsg SSILastModified SSILegacyExprParser SSIStartTag "
        "SSITimeFormat SSIUndefinedEcho XBitHack"
    ),
    "mod_info": "AddModuleInfo",
    "mod_isapi": (
        "ISAPIAppendLogToErrors ISAPIAppendLogToQuery ISAPICacheFile ISAPIFakeAsync "
        "ISAPILogNotSupported ISAPIReadAheadBuffer"
    ),
    "mod_lbmethod_heartbeat": "HeartbeatStorage",
    "mod_ldap": (
        "LDAPCacheEntries LDAPCacheTTL LDAPConnectionPoolTTL LDAPConnectionTimeout "
        "LDAPLibraryDebug LDAPOpCacheEntries LDAPOpCacheTTL LDAPReferralHopLimit "
        "LDAPReferrals LDAPRetries LDAPRetryDelay LDAPSharedCacheFile LDAPSharedCacheSize "
        "LDAPTimeout LDAPTrustedClientCert LDAPTrustedGlobalCert LDAPTrustedMode "
        "LDAPVerifyServerCert"
    ),
    "mod_log_config": "BufferedLogs CustomLog GlobalLog LogFormat TransferLog",
    "mod_log_debug": "LogMessage",
    "mod_log_forensic": "ForensicLog",
    "mod_logio": "LogIOTrackTTFB",
    "mod_lua": (
        "LuaAuthzProvider LuaCodeCache LuaHookAccessChecker LuaHookAuthChecker "
        "LuaHookCheckUserID LuaHookFixups LuaHookInsertFilter LuaHookLog LuaHookMapToStorage "
        "LuaHookPreTranslate LuaHookTranslateName LuaHookTypeChecker LuaInherit "
        "LuaInputFilter LuaMapHandler LuaOutputFilter LuaPackageCPath LuaPackagePath "
        "LuaQuickHandler LuaRoot LuaScope"
    ),
    "mod_macro": "Macro UndefMacro Use",
    "mod_mime": (
        "AddCharset AddEncoding AddHandler AddInputFilter AddLanguage AddOutputFilter AddType "
        "DefaultLanguage ModMimeUsePathInfo MultiviewsMatch RemoveCharset RemoveEncoding "
        "RemoveHandler RemoveInputFilter RemoveLanguage RemoveOutputFilter RemoveType "
        "TypesConfig"
    ),
    "mod_mime_magic": "MimeMagicFile",
    "mod_negotiation": "CacheNegotiatedDocs ForceLanguagePriority LanguagePriority",
    "mod_nw_ssl": "NWSSLTrustedCerts NWSSLUpgradeable SecureListen",
    "mod_privileges": (
        "DTracePrivileges PrivilegesMode VHostCGIMode VHostCGIPrivs VHostGroup VHostPrivs "
        "VHostSecure VHostUser"
    ),
    "mod_proxy": (
        "BalancerGrowth BalancerInherit BalancerMember BalancerPersist NoProxy Proxy "
        "Proxy100Continue ProxyAddHeaders ProxyBadHeader ProxyBlock ProxyDomain "
        "ProxyErrorOverride ProxyIOBufferSize ProxyMatch ProxyMaxForwards ProxyPass "
        "ProxyPassInherit ProxyPassInterpolateEnv ProxyPassMatch ProxyPassReverse "
        "ProxyPassReverseCookieDomain ProxyPassReverseCookiePath ProxyPreserveHost "
        "ProxyReceiveBufferSize ProxyRemote ProxyRemoteMatch ProxyRequests ProxySet "
        "ProxySourceAddress ProxyStatus ProxyTimeout ProxyVia"
    ),
    "mod_proxy_connect": "AllowCONNECT",
    "mod_proxy_express": "ProxyExpressDBMFile ProxyExpressDBMType ProxyExpressEnable",
    "mod_proxy_fcgi": "ProxyFCGIBackendType ProxyFCGISetEnvIf",
    "mod_proxy_ftp": "ProxyFtpDirCharset ProxyFtpEscapeWildcards ProxyFtpListOnWildcard",
    "mod_proxy_hcheck": "ProxyHCExpr ProxyHCTPsize ProxyHCTemplate",
    "mod_proxy_html": (
        "ProxyHTMLBufSize ProxyHTMLCharsetOut ProxyHTMLDocType ProxyHTMLEnable "
        "ProxyHTMLEvents ProxyHTMLExtended ProxyHTMLFixups ProxyHTMLInterp ProxyHTMLLinks "
        "ProxyHTMLMeta ProxyHTMLStripComments ProxyHTMLURLMap"
    ),
    "mod_proxy_scgi": "ProxySCGIInternalRedirect ProxySCGISendfile",
    "mod_proxy_wstunnel": "ProxyWebsocketFallbackToProxyHttp",
    "mod_reflector": "ReflectorHeader",
    "mod_remoteip": (
        "RemoteIPHeader RemoteIPInternalProxy RemoteIPInternalProxyList RemoteIPProxiesHeader "
        "RemoteIPProxyProtocol RemoteIPProxyProtocolExceptions RemoteIPTrustedProxy "
        "RemoteIPTrustedProxyList"
    ),
    "mod_reqtimeout": "RequestReadTimeout",
    "mod_request": "KeptBodySize",
    "mod_rewrite": "RewriteBase RewriteMap",
    "mod_sed": "InputSed OutputSed",
    "mod_session": (
        "Session SessionEnv SessionExclude SessionExpiryUpdateInterval SessionHeader "
        "SessionInclude SessionMaxAge"
    ),
    "mod_session_cookie": "SessionCookieName SessionCookieName2 SessionCookieRemove",
    "mod_session_crypto": (
        "SessionCryptoCipher SessionCryptoDriver SessionCryptoPassphrase "
        "SessionCryptoPassphraseFile"
    ),
    "mod_session_dbd": (
        "SessionDBDCookieName SessionDBDCookieName2 SessionDBDCookieRemove "
        "SessionDBDDeleteLabel SessionDBDInsertLabel SessionDBDPerUser SessionDBDSelectLabel "
        "SessionDBDUpdateLabel"
    ),
    "mod_setenvif": "BrowserMatch BrowserMatchNoCase SetEnvIf SetEnvIfExpr SetEnvIfNoCase",
    "mod_so": "LoadFile LoadModule",
    "mod_socache_memcache": "MemcacheConnTTL",
    "mod_socache_redis": "RedisConnPoolTTL RedisTimeout",
    "mod_speling": "CheckBasenameMatch CheckCaseOnly CheckSpelling",
    "mod_substitute": "Substitute SubstituteInheritBefore SubstituteMaxLineLength",
    "mod_suexec": "SuexecUserGroup",
    "mod_unixd": "ChrootDir Group Suexec User",
    "mod_userdir": "UserDir",
    "mod_usertrack": (
        "CookieDomain CookieExpires CookieHTTPOnly CookieName CookieSameSite CookieSecure "
        "CookieStyle CookieTracking"
    ),
    "mod_vhost_alias": (
        "VirtualDocumentRoot VirtualDocumentRootIP VirtualScriptAlias VirtualScriptAliasIP"
    ),
    "mod_watchdog": "WatchdogInterval",
    "mod_xml2enc": "xml2EncAlias xml2EncDefault xml2StartParse",
    "mpm_common": (
        "CoreDumpDirectory EnableExceptionHook GracefulShutdownTimeout ListenBackLog "
        "ListenCoresBucketsRatio MaxConnectionsPerChild MaxMemFree MaxRequestWorkers "
        "MaxSpareThreads MinSpareThreads PidFile ReceiveBufferSize ScoreBoardFile "
        "SendBufferSize ServerLimit StartServers StartThreads ThreadLimit ThreadStackSize "
        "ThreadsPerChild"
    ),
    "mpm_netware": (
        "ListenBacklog MaxConnectionsPerChild MaxMemFree MaxSpareThreads MaxThreads "
        "MinSpareThreads ReceiveBufferSize SendBufferSize StartThreads ThreadStackSize"
    ),
    "mpm_winnt": (
        "AcceptFilter CoreDumpDirectory ListenBacklog MaxConnectionsPerChild MaxMemFree "
        "PidFile ReceiveBufferSize ScoreBoardFile SendBufferSize ThreadLimit ThreadStackSize "
        "ThreadsPerChild"
    ),
    "mpmt_os2": (
        "Group ListenBacklog MaxConnectionsPerChild MaxSpareThreads MinSpareThreads PidFile "
        "ReceiveBufferSize SendBufferSize StartServers User"
    ),
    "prefork": (
        "CoreDumpDirectory EnableExceptionHook Group ListenBacklog MaxConnectionsPerChild "
        "MaxMemFree MaxRequestWorkers MaxSpareServers MinSpareServers PidFile "
        "ReceiveBufferSize ScoreBoardFile SendBufferSize ServerLimit StartServers User"
    ),
    "worker": (
        "CoreDumpDirectory EnableExceptionHook Group ListenBacklog MaxConnectionsPerChild "
        "MaxMemFree MaxRequestWorkers MaxSpareThreads MinSpareThreads PidFile "
        "ReceiveBufferSize ScoreBoardFile SendBufferSize ServerLimit StartServers ThreadLimit "
        "ThreadStackSize ThreadsPerChild User"
    ),
}

# Lower-cased: Apache matches directive names without regard to case (ap_find_command).
IRRELEVANT_TO_TLS = frozenset(
    name.lower() for names in _BY_MODULE.values() for name in names.split()
)
