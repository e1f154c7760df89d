"""command_credential: a login's `-p PASSWORD`, a MySQL client's `-pPASSWORD` and curl's `-u USER:PASSWORD` are read as
far after the command's name as curl's (COMMAND_REACH), never past the end of the command."""

from __future__ import annotations

import pytest

from remediate.facts.redact import redact_text

# Real output: bash 5.2.15's xtrace of the MariaDB 10.11.19 client (`mysql Ver 15.1`) with its connection options, then
# the client's own error (no server here): `-p` comes 356 characters after `mysql`.
MYSQL_TRACE = (
    "+ mysql --host=mysql.ci.internal.example.com --port=3306 --protocol=TCP --connect-timeout=2 "
    "--ssl-ca=/etc/ssl/certs/ca-certificates.crt --default-character-set=utf8mb4 '--init-command=SET SESSION "
    "sql_mode='\\''STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'"
    "\\''' --database=app_test_suite_fixtures -uroot -pZq8pW2nLx7 -e 'SELECT 1'\n"
    "ERROR 2005 (HY000): Unknown server host 'mysql.ci.internal.example.com' (-2)"
)
OPTIONS = " ".join(f"--tls-option-{k}=/etc/ci/certs/registry-{k}.pem" for k in range(30))

# Real output: bash 5.2.15's `bash -v ci.sh` (the script's lines as read, and what they print), as a CI shows a step's
# script: a `;` or a `&` between blanks ends the login, so the next command's `-p` is its own.
BASH_VERBOSE = "./login.sh; mkdir -p build\nlogged in\n./login.sh & mkdir -p dist\nlogged in\nwait"

# Real output: bash 5.2.15's xtrace of the MariaDB 10.11.19 client and of docker 28.2.2's login, a `;` inside a quoted
# argument (bash writes a quote inside a quoted word as `'\''`), then each tool's error (no server here).
MYSQL_QUOTED = (
    "+ mysql '--init-command=SET sql_mode='\\''A;B'\\''; SET x=1' -uroot -pZq8pW2nLx7 -e 'SELECT 1'\n"
    "ERROR 2002 (HY000): Can't connect to local server through socket '/run/mysqld/mysqld.sock' (2)"
)
DOCKER_QUOTED = (
    "+ docker login -u 'ci;bot' -p Zq8pW2nLx7 registry.example.com\n"
    "WARNING! Using --password via the CLI is insecure. Use --password-stdin."
)


@pytest.mark.parametrize(
    "line",
    [
        MYSQL_TRACE,
        f"mysqldump {OPTIONS} -uroot -pZq8pW2nLx7 app > dump.sql",
        f"oras login registry.example.com {OPTIONS} -u ci -p Zq8pW2nLx7",
        "mysql --init-command='SET a=1; SET b=2' -uroot -pZq8pW2nLx7 db",  # a `;` inside an argument ends nothing
    ],
)
def test_a_password_option_far_after_its_command_is_redacted(line: str) -> None:
    out = redact_text(line)
    assert "Zq8pW2nLx7" not in out and "[REDACTED:command_credential]" in out, out


@pytest.mark.parametrize(
    "line",
    [
        "./login.sh && mkdir -p build",
        "docker login -u ci --password-stdin r.example.com || mkdir -p fallback",
        "cat login.txt | grep -p foo",
        "mysql -e 'SELECT 1' && mkdir -pv out",
        *BASH_VERBOSE.splitlines(),
    ],
)
def test_an_option_of_the_next_command_is_not_the_password(line: str) -> None:
    assert redact_text(line) == line


@pytest.mark.parametrize("text", [MYSQL_QUOTED, DOCKER_QUOTED, "mysql -uroot -p'pa;ss' -e 'SELECT 1'"])
def test_a_semicolon_inside_quotes_ends_no_command(text: str) -> None:
    out = redact_text(text)
    assert "Zq8pW2nLx7" not in out and "pa;ss" not in out and "[REDACTED:command_credential]" in out, out
    assert out.count("\n") == text.count("\n") and ("A;B" in out or "A;B" not in text)
