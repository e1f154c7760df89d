"""What a package manager's server and resolver did: a client that could not reach its server (unreachable),
an index that answered the requirement is not there (answered), requirements that conflict (conflict), an
install that went on past a notice (went_on).

And whose server it was (out_of_reach, whose): a client names the host it could not reach (`connect
ECONNREFUSED 127.0.0.1:3000`, `HTTPConnectionPool(host='db', port=5432)`, `Could not resolve host:
registry.example.org`), and the name says whether it is the job's own service or a host outside the job (Whose):
- Whose.OWN: what the job itself runs or starts: loopback and the unspecified address (localhost, 127.0.0.0/8, ::1,
  0.0.0.0), a name of one label (CI service containers and docker-compose services are reached as `db`, `redis`,
  `postgres`, `nginx-proxy`), the names reserved never to be public (`*.localhost`, `*.local`, `*.test`,
  `*.example`, `*.invalid`: RFC 2606, 6761, 6762), and the compose services the job defines, when the caller knows
  them. A test that cannot reach one met the run's own set-up (a service not started, not ready, the app under
  test not listening), not the outside network.
- Whose.OUTSIDE: a public name (a dot, and a last label of letters that is no reserved one: a registry, a package
  index, an API) or a public IP address: the network between the job and the world.
- Whose.UNKNOWN: a name that is neither (a private address: a container's on a bridge network, or a mirror in the
  CI's own network).
A line that names no host has no answer (None): what it met is unknown.
"""

from __future__ import annotations

import enum
import ipaddress
from typing import NamedTuple

from remediate.facts.lazyregex import Regex

# A client that could not reach its server, in the words of the package managers and their HTTP
# stacks (pip/urllib3, npm/yarn, cargo/curl, go, Maven/Gradle and the JVM's) and of the servers' own statuses:
# refused, reset or timed-out connections, a name that does not resolve (apt's `Could not resolve 'host'`), a 5xx,
# a rate limit.
_UNREACHABLE = Regex(
    r"Connection (?:refused|reset|timed out)|connection (?:refused|reset by peer|timed out)|"
    r"Failed to establish a new connection|Name or service not known|Temporary failure in name resolution|"
    r"\bno such host\b|"  # Go's resolver (go, terraform, docker, helm): `dial tcp: lookup x on y:53: no such host`
    # apt: `Could not resolve 'host'` (no such name), `Temporary failure resolving 'host'` (no resolver answered)
    r"Could not resolve host|(?:Could not resolve|Temporary failure resolving) '[\w.-]+'|"
    r"\b(?:ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH)\b|"
    r"\bcode E(?:429|50[0234])\b|"
    # a status and its reason, one blank between or apt's two (`W: Failed to fetch URL  503  Service Unavailable [IP:
    # ...]`: a mirror's outage, after which apt finds no package at all)
    r"\b50[0234]  ?(?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)|"
    r"\b429  ?Too Many Requests|"
    # Yarn Berry's request that failed (3-4: `➤ YN0035: │   Response Code: 503 (Service Unavailable)` under Yarn 3's
    # `The remote server failed to provide the requested resource`, which it says of a 404 too; Yarn 4's header for
    # a 5xx, `The registry appears to be down`)
    r"\bResponse Code: (?:5\d\d|429) \(|\bThe registry appears to be down\b|"
    r"[Rr]ate limit (?:exceeded|reached)|Read timed out|\bi/o timeout\b|"
    r"TLS handshake timeout|"
    r"spurious network error|Network is unreachable|No route to host|Could not transfer artifact|"
    # the JVM's HTTP stacks under Gradle and Maven: a fetch that failed, an unknown host, a TLS failure
    r"Could not (?:GET|HEAD|PUT) '|UnknownHostException|[Cc]onnect timed out|Received status code (?:5\d\d|429)|"
    # a connect that got no answer in time: Mojo::UserAgent's `Connect timeout`, requests' and urllib3's
    # ConnectTimeout(Error) (the class names their reports and pytest's records carry)
    r"\bConnect ?[Tt]imeout(?:Error)?\b|"
    # Go's net/http client that got no answer in time (go, docker, terraform, helm: `context deadline exceeded
    # (Client.Timeout exceeded while awaiting headers)`)
    r"\bClient\.Timeout exceeded\b|"
    # a request that got no answer in time, in the words of the HTTP clients a test calls: Python's socket, the
    # message pytest's records carry for requests', urllib3's and urllib's read timeouts (`TimeoutError: timed out`,
    # before 3.10 `socket.timeout: timed out`; urllib's `<urlopen error timed out>`), httpx's and httpcore's
    # (`httpx.ReadTimeout: timed out`), ssl's (`The read operation timed out`), Go's net/http under a context's
    # deadline (`Get "URL": context deadline exceeded`), Java 11's HttpClient (`HttpTimeoutException: request timed
    # out`), and Node's fetch under `AbortSignal.timeout` (`The operation was aborted due to timeout`). Raised, not
    # named: a test expecting one (`DID NOT RAISE <class 'httpx.ReadTimeout'>`) says no such words
    r"(?:\bTimeoutError|\bsocket\.timeout|\.ReadTimeout): timed out\b|<urlopen error timed out>|"
    r"\bThe (?:read|write|handshake) operation timed out\b|"
    r"\b(?:Get|Head|Post|Put|Patch|Delete) \"[^\"\n]{1,300}\": context deadline exceeded\b|"
    r"\bHttpTimeoutException: request timed out\b|\bThe operation was aborted due to timeout\b|"
    # undici's (Node's fetch, the undici package): the cause beneath `TypeError: fetch failed` when no headers or no
    # body came in time (`[cause]: Error [HeadersTimeoutError]: Headers Timeout Error`, `code:
    # 'UND_ERR_HEADERS_TIMEOUT'`; its connect timeout is ConnectTimeoutError, above)
    r"\b(?:Headers|Body)TimeoutError\b|\bUND_ERR_(?:HEADERS|BODY|CONNECT)_TIMEOUT\b|"
    # axios' request under its `timeout` (`AxiosError: timeout of 2000ms exceeded`, code ECONNABORTED; 0.x's `Error:
    # timeout of ...`): lower case, its message ends there (Mocha 2's own limit read `timeout of 2000ms exceeded.
    # Ensure the done() callback ...`, and Mocha 3+'s `Timeout of`: a test's own limit, meaning.runs)
    r"\btimeout of \d+ms exceeded(?![.\w])|"
    r"Remote host (?:terminated|closed)|SSL handshake|PKIX path building failed|"
    # libcurl's words (curl, git over https, cargo, R, composer): a refused or timed-out connect, a
    # transfer that stalled; Emacs url.el's `Could not create connection to HOST:PORT`
    r"Failed to connect to \S+ port \d+|Couldn't connect to server|Timeout was reached|"
    r"Operation timed out after \d+|Operation too slow\.|Could not create connection to \S+:\d+|"
    # libcurl's failed transfer when the server answered a 5xx or a rate limit (`curl -f`'s `curl: (22) The requested
    # URL returned error: 503`, git over http(s)'s `fatal: unable to access 'URL': The requested URL returned error:
    # 502`; curl before 7.75 adds the reason, `503 Service Unavailable`); not a 404 or a 403 (a wrong URL, a token)
    r"The requested URL returned error: (?:5\d\d|429)\b|"
    # urllib3's retries used up on a server's 5xx (pip 10-19 on an index that answers 503: `RetryError: ... Max
    # retries exceeded with url: /simple/x/ (Caused by ResponseError('too many 503 error responses',))`)
    r"\btoo many (?:5\d\d|429) error responses\b|"
    # a server that closed the connection without answering: Node's http client (`Error: socket hang up`), Python's
    # http.client under requests/urllib3 (`RemoteDisconnected('Remote end closed connection without response')`),
    # curl's `(52) Empty reply from server`
    r"\bsocket hang up\b|Remote end closed connection without response|Empty reply from server|"
    # a server's, a gateway's or a proxy's refusal to serve as an HTTP client raises it: Python's urllib
    # (`urllib.error.HTTPError: HTTP Error 503: Service Unavailable`), axios (`AxiosError: Request failed with status
    # code 502`); a gateway, a service down or a rate limit, not a 500 (a handler of the code under test may fail)
    r"\bHTTP Error (?:50[234]|429): |\bRequest failed with status code (?:50[234]|429)\b|"
    # libpq's hint under a connection it could not make (psycopg, psql, pg_dump, Rails' PG::ConnectionBad):
    # `connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: No such file or directory` (no
    # server on this machine) or `... failed: Connection refused`, then `Is the server running locally and accepting
    # connections on that socket?` (`... on that host and accepting TCP/IP connections?`)
    r"\bIs the server running (?:locally|on that host) and accepting\b|"
    # Python's asyncio, whose connect names no errno's words (`ConnectionRefusedError: [Errno 111] Connect call failed
    # ('127.0.0.1', 9)`: asyncio.open_connection, asyncpg, aiohttp beneath), and aiohttp's ClientConnectorError
    # (`Cannot connect to host 127.0.0.1:9 ssl:default [...]`)
    r"\bConnect call failed \(|\bCannot connect to host \S+ ssl:|"
    r"\bconnection to server on socket \"[^\"\n]{1,300}\" failed: No such file or directory\b|"
    # PostgreSQL's JDBC driver, whose message names no errno's words (the refusal is in its cause, below Surefire's
    # one-line report): `PSQLException: Connection to localhost:5432 refused. Check that the hostname and port are
    # correct and that the postmaster is accepting TCP/IP connections.`
    r"\bConnection to \S{1,300} refused\. Check that the hostname and port\b|"
    # Ruby's Net::HTTP (Faraday, HTTParty, RestClient beneath) that got no connection or no answer in time, its class
    # over RSpec's or Minitest's report of it (`Net::ReadTimeout with #<Socket:(closed)>`, `Net::OpenTimeout: Failed to
    # open TCP connection to HOST:PORT (execution expired)`), as requests' `Read timed out` and ConnectTimeout: the
    # class as an exception is printed, before its message (not a spec expecting it: `expected Net::ReadTimeout but
    # nothing was raised`)
    r"\bNet::(?:Open|Read)Timeout:|\bNet::ReadTimeout with #<|"
    # a certificate that did not verify, in Node's codes (npm's `npm ERR! code CERT_HAS_EXPIRED`, `request to URL
    # failed, reason: self-signed certificate in certificate chain`: a proxy's, an expired root's) and GnuTLS's words
    # (Debian's and Ubuntu's git over https: `server certificate verification failed. CAfile: ...`)
    r"\b(?:DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|CERT_HAS_EXPIRED|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\b|"
    r"server certificate verification failed\. CAfile|"
    # Bundler's fetcher that could not get the source's index (`Could not fetch specs from URL due to underlying
    # error <too many connection resets (URL)>`, `<bad response Service Unavailable 503 (URL)>`, its message wrapped
    # to the terminal's width)
    r"\btoo\s+many\s+connection\s+resets\b|\bbad\s+response\s+[A-Za-z ]{1,40}\s(?:5\d\d|429)\b|"
    # Bundler's `Could not reach host index.rubygems.org. Check your network connection and try again.`;
    # LuaRocks' warning that it could not fetch the server's manifest (it then finds no rock at all)
    r"Could not reach host \S+\. Check your network|Failed searching manifest: Failed downloading|"
    # requests' HTTPError for a server's 5xx or a rate limit (`503 Server Error: Service Unavailable for url`);
    # a certificate that did not verify (OpenSSL's `CERTIFICATE_VERIFY_FAILED`, curl's `SSL certificate problem`,
    # GnuTLS wget's `The certificate of 'host' is not trusted`)
    r"\b(?:429 Client|50[0234] Server) Error: |\bcertificate verify failed\b|SSL certificate problem: |"
    r"The certificate of \S+ is not trusted|"
    # a container registry's rate limit, by the distribution spec's error code as Docker and containers/image
    # (podman, buildah, skopeo) print it: `toomanyrequests: You have reached your pull rate limit`
    r"\btoomanyrequests\b|"
    # cargo's registry client answered a 5xx or a rate limit (`failed to get successful HTTP response from
    # `URL` (host), got 503`)
    r"failed to get successful HTTP response from .{1,300}, got (?:5\d\d|429)\b|"
    # Chromium's network errors, as browser tests print them (Playwright's `page.goto: net::ERR_CONNECTION_REFUSED
    # at http://localhost:3000/`, `net::ERR_NAME_NOT_RESOLVED`): refused, reset, timed out, unresolved, a certificate
    r"\bnet::ERR_(?:CONNECTION_\w+|NAME_NOT_RESOLVED|NAME_RESOLUTION_FAILED|ADDRESS_UNREACHABLE|"
    r"INTERNET_DISCONNECTED|TIMED_OUT|CERT_\w+|SSL_PROTOCOL_ERROR)\b|"
    # a database server that is up but not yet, or no longer, accepting connections (PostgreSQL's FATAL); a
    # MySQL or MariaDB client that reached none (`ERROR 2002 (HY000): Can't connect to server on '127.0.0.1'`,
    # MySQL's `Can't connect to MySQL server on`, `... to local MySQL server through socket`)
    r"the database system is (?:starting up|shutting down|in recovery mode)|"
    r"Can't connect to (?:local )?(?:MySQL )?server (?:on|through) ",
    # strings one of which each match holds: a log that shows none compiles no pattern (lazyregex; proved by
    # tests/facts/test_lazyregex.py, which names the words a new alternative needs one for)
    needles=(
        "onnect|ECONN|code E|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|UNREACH|response|net::ERR_|imeout|imed out|"
        "Gateway|no such host|handshake|socket hang up|toomanyrequests|Could not |No route to host|CERT|"
        "UNABLE_TO_VERIFY|ate limit|Service Unavailable|Operation t|certificate|UnknownHost|"
        "Received status code|Too Many Requests|etwork|Remote host|Empty reply|PKIX|"
        "Name or service not known|Temporary failure|the database system is |Failed searching manifest|"
        "Server Error|Client Error|returned error|HTTP Error |status code |Is the server running|"
        "connection to server on socket|deadline exceeded|aborted due to timeout|UND_ERR_|Response Code: |"
        "registry appears to be down"
    ),
)


def matched_words(pattern: Regex, text: str) -> str | None:
    """What `pattern` matched first in `text`: the words a reader below quotes as its evidence."""
    m = pattern.search(text)
    return m.group(0) if m else None


def unreachable(text: str) -> str | None:
    """The words saying a client could not reach its server (a package index, a registry, a proxy),
    if `text` holds them."""
    return matched_words(_UNREACHABLE, text)


# A package manager's notice about an install that went on: pip (20.3 and later) installing into an
# environment whose other packages then conflict prints `ERROR: pip's dependency resolver does not
# currently take into account all the packages that are installed` with the conflicts, yet says
# `Successfully installed ...` and exits 0 (pip before 20.3: `pip's legacy dependency resolver does not
# consider dependency conflicts`). Whatever failed the job came after it.
_WENT_ON = Regex(
    r"pip's dependency resolver does not currently take into account all the packages that are installed|"
    r"pip's legacy dependency resolver does not consider dependency conflicts"
)


def went_on(text: str) -> bool:
    """Whether `text` is a tool's notice about work it then finished (see _WENT_ON), not a failure."""
    return _WENT_ON.search(text) is not None


# A resolver saying the requirements themselves cannot be met together (a version conflict, a lock
# file out of date): a dependency failure even when a retry on the way met the network.
_CONFLICT = Regex(
    r"ResolutionImpossible|conflicting dependencies|version solving failed|\bERESOLVE\b|No solution found|"
    r"failed to select a version|[Ll]ock ?file .{0,60}(?:needs to be updated|out of date|would have been modified)|"
    r"changed significantly since poetry\.lock"
)


def conflict(text: str) -> bool:
    """Whether `text` says the requirements conflict (not merely that a package was not found)."""
    return _CONFLICT.search(text) is not None


# A package index that answered about the package: pip listing the versions it found (`from versions:
# 1.0, 1.1`; `none` is what an unreachable index leaves), npm's and yarn's registry saying the package or
# version does not exist, cargo's index naming no such package, Maven finding no such artifact, Bower's
# registry no such package (its code is ENOTFOUND, Node's word for a name that does not resolve) or tag. A mirror
# refused on the way (a retry, an extra index) did not decide it: the requirement names what is not there.
_ANSWERED = Regex(
    r"\(from versions: (?!none\))[^)\s]|\bcode E(?:404|TARGET)\b|No matching version found for \S|"
    r"404 Not Found - GET https?://|Couldn't find any versions for \"|no matching package named `|"
    r"Could not find artifact \S+:\S+|ENOTFOUND Package \S+ not found|ENORESTARGET No tag found"
)


def answered(text: str) -> bool:
    """Whether `text` shows a package index answering that the requirement is not there (see _ANSWERED)."""
    return _ANSWERED.search(text) is not None


class Whose(enum.StrEnum):
    """Whose host a client could not reach (the module's docstring)."""

    OWN = "own"
    OUTSIDE = "outside"
    UNKNOWN = "unknown"


class Host(NamedTuple):
    """A host a client named where it said it could not reach it, and whose it is."""

    name: str
    whose: Whose


# Where clients name the host they could not reach, each with the host in group `h`: a URL's authority; requests'
# and urllib3's pools (`HTTPConnectionPool(host='db', port=5432)`); libpq (`connection to server at "127.0.0.1"`,
# `could not translate host name "db" to address`); Node's codes (`connect ECONNREFUSED 127.0.0.1:3000`, `getaddrinfo
# ENOTFOUND db`); Go's dialer (`dial tcp 127.0.0.1:9:`, `lookup db on 10.0.0.1:53`: the resolver's address is not the
# host); libcurl (`Could not resolve host: x`, `Failed to connect to x port 443`); apt (`Could not resolve 'x'`); the
# JVM's (`UnknownHostException: x`, `Connect to x:9 [/x] failed`, pgjdbc's `Connection to x:5432 refused`); redis-py
# (`Error 111 connecting to x:6379.`); asyncio and aiohttp (`Connect call failed ('x', 9)`, `Cannot connect to host
# x:9`); MySQL's client (`Can't connect to MySQL server on 'x'`).
_HOST_NAMED = Regex(
    r"\b[a-z][a-z0-9+.-]{0,20}://(?:[^@/\s\"']{0,200}@)?(?P<url>\[[0-9A-Fa-f:.]{2,45}\]|[\w.-]{1,253})|"
    r"\bhost='(?P<pool>[^'\s]{1,253})'|"
    r"\b(?:server at|host name) \"(?P<pg>[^\"\s]{1,253})\"|"
    r"\b(?:ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH) (?P<node>[\w.:\[\]-]{1,253}):\d{1,5}\b|"
    r"\b(?:ENOTFOUND|EAI_AGAIN) (?P<dns>[\w.-]{1,253})|"
    r"\bdial (?:tcp|udp)[46]? (?P<dial>[\w.:\[\]-]{1,253}):\d{1,5}: |\blookup (?P<lookup>[\w.-]{1,253}) on |"
    r"\bCould not resolve host: (?P<curl>[\w.-]{1,253})|\bFailed to connect to (?P<curlc>[\w.:-]{1,253}) port |"
    r"\b(?:Could not resolve|Temporary failure resolving) '(?P<apt>[\w.-]{1,253})'|"
    r"\bUnknownHostException: (?P<jvm>[\w.-]{1,253})|\bConnect to (?P<jvmc>[\w.-]{1,253}):\d{1,5} \[|"
    r"\bConnection to (?P<pgjdbc>[\w.-]{1,253}):\d{1,5} refused|\bconnecting to (?P<redis>[\w.-]{1,253}):\d{1,5}\b|"
    r"\bConnect call failed \('(?P<asyncio>[^']{1,253})'|\bCannot connect to host (?P<aiohttp>[\w.-]{1,253}):\d|"
    r"\bserver on '(?P<mysql>[^'\s]{1,253})'"
)


# The top-level names reserved never to be public (RFC 2606, RFC 6761; `local`: mDNS, RFC 6762), under which a name
# is the job's own by design (a test's fixture, a container's alias).
RESERVED_SUFFIXES = frozenset({"localhost", "local", "test", "example", "invalid"})


def whose(name: str, services: frozenset[str] = frozenset()) -> Whose:
    """Whose a host is (the module's docstring); `services` are the names of the services the job defines, when
    known (a docker-compose file's), which are its own whatever their shape."""
    host = name.strip("[]").rstrip(".").lower()
    if host in services:
        return Whose.OWN
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return _whose_name(host)
    if address.is_loopback or address.is_unspecified:
        return Whose.OWN
    return Whose.OUTSIDE if address.is_global else Whose.UNKNOWN


def _whose_name(host: str) -> Whose:
    labels = host.split(".")
    if len(labels) == 1 or labels[-1] in RESERVED_SUFFIXES:
        return Whose.OWN
    top = labels[-1]
    return Whose.OUTSIDE if top.isascii() and top.isalpha() and 2 <= len(top) <= 63 else Whose.UNKNOWN


def out_of_reach(text: str, services: frozenset[str] = frozenset()) -> Host | None:
    """The host `text` says a client could not reach (its first named host, see _HOST_NAMED) and whose it is; None
    when `text` does not say a client could not reach its server (unreachable) or names no host."""
    if unreachable(text) is None or (m := _HOST_NAMED.search(text)) is None:
        return None
    name = next(value for value in m.groupdict().values() if value)
    return Host(name, whose(name, services))
