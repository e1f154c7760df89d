"""What an error message means beyond the tool that printed it: a missing dependency, a build
set-up that lacks a library, an environment that lacks one at run time, an index out of reach.

Every language's compiler, linker, loader or interpreter says in its own words that a package,
module, header, library or crate it was told to use is not there (javac "package X does not
exist", gcc "X.h: No such file or directory", rustc "can't find crate for `x`", tsc/node "Cannot
find module 'x'", perl "Can't locate X.pm in @INC (you may need to install the X module)", ...).
When the missing name belongs to a third party, the fix is to install or declare it: a
dependency failure, whichever tool's output it sits in. When it is the project's own (a relative
import, `crate::`, a quoted `#include`, the erroring file's own namespace, a path in the source
tree), the code is wrong and the record keeps its tool's category.

Where the name went missing says which fix it calls for (`Missing.means`). A package manager's or
an interpreter's missing package, module or crate is a dependency failure: declare or install it.
A header, a library to link, a pkg-config package, a CMake find_package or an autoconf check that
fails while the project is built is the build's set-up (the -dev package the CI image lacks, a
find module, a path): CI datasets label it a build failure, and the fix is in the build set-up, not
in a manifest of dependencies. A shared library the dynamic loader cannot find when a program starts
is the environment the program runs in (infra). A package manager that could not reach its index
(refused, unresolved, reset or timed-out connections, a server's 5xx, a rate limit) is infra too,
whatever it then says about the package (`unreachable`).

One job per module: missing (the wordings of a missing name, Missing, missing_of, missing_in), owner (whether a
name or a file is the project's own: first_party, workspace_names, go_packages, cargo_crates, installed_code),
network (what a package manager's server and resolver did: unreachable, answered, conflict, went_on; whose host a
client could not reach: out_of_reach, Whose, Host), sections (the hosts a failing test's section names in its frames
where its error names none: test_sections, frame_hosts), runs (how a run ended beyond its code: exhausted, killed,
signalled, out_of_memory, run_limit, per_test_limit, wait_limit, timeout_banner, flakes_fail, run_failed), tasks (a
task the project does not define, a build file that is absent) and task_failures (what a build tool's failure report
says failed).
"""

from remediate.facts.meaning.missing import (
    FOLLOW_LINES,
    TOOLCHAIN_COMMANDS,
    Missing,
    missing_commands,
    missing_in,
    missing_of,
    status_127,
)
from remediate.facts.meaning.network import Host, Whose, answered, conflict, out_of_reach, unreachable, went_on
from remediate.facts.meaning.owner import (
    FETCHED_BUILD,
    MODULE_SEPARATORS,
    PYTHON_SEPARATORS,
    cargo_crates,
    first_party,
    go_packages,
    installed_code,
    lies_below,
    workspace_names,
)
from remediate.facts.meaning.runs import (
    CRASH_SIGNALS,
    CRASH_WORDS,
    FLAKES_FAIL,
    PER_TEST_LIMIT,
    RUN_LIMIT,
    Signalled,
    exhausted,
    flakes_fail,
    joined_waits,
    killed,
    out_of_memory,
    per_test_limit,
    run_failed,
    run_limit,
    signalled,
    timeout_banner,
    wait_limit,
)
from remediate.facts.meaning.task_failures import TaskFailure, task_failure
from remediate.facts.meaning.tasks import (
    MissingBuildFile,
    MissingTask,
    missing_build_file,
    missing_task,
    unloaded_grunt_tasks,
)

__all__ = [
    "CRASH_SIGNALS",
    "CRASH_WORDS",
    "FETCHED_BUILD",
    "FLAKES_FAIL",
    "FOLLOW_LINES",
    "MODULE_SEPARATORS",
    "PER_TEST_LIMIT",
    "PYTHON_SEPARATORS",
    "RUN_LIMIT",
    "TOOLCHAIN_COMMANDS",
    "Host",
    "Missing",
    "MissingBuildFile",
    "MissingTask",
    "Signalled",
    "TaskFailure",
    "Whose",
    "answered",
    "cargo_crates",
    "conflict",
    "exhausted",
    "first_party",
    "flakes_fail",
    "go_packages",
    "installed_code",
    "joined_waits",
    "killed",
    "lies_below",
    "missing_build_file",
    "missing_commands",
    "missing_in",
    "missing_of",
    "missing_task",
    "out_of_memory",
    "out_of_reach",
    "per_test_limit",
    "run_failed",
    "run_limit",
    "signalled",
    "status_127",
    "task_failure",
    "timeout_banner",
    "unloaded_grunt_tasks",
    "unreachable",
    "wait_limit",
    "went_on",
    "workspace_names",
]
