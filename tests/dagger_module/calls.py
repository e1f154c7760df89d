"""Check a `dagger call ...` command line against the module's registered functions and the engine schema.

The Dagger CLI reads `dagger call [--ctor-flag V]... fn [--flag V]... [next-fn [--flag V]...]...`: flags
before the first function are the constructor's, each next word is a function (or field) of the type
the previous one returned. Flags are the registered argument names in kebab-case. Core types
(Changeset, Directory, File...) are checked against the schema.
"""

from __future__ import annotations

import re
import shlex
from typing import Any

import graphql

GLOBAL_FLAGS_WITH_VALUE = {"-m", "--mod", "--progress", "-o", "--output"}
GLOBAL_SWITCHES = {"-y", "--auto-apply", "--json", "-q", "--quiet", "-s", "--silent", "-v", "-vv", "-vvv"}


def kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).replace("_", "-").lower()


def _signature(
    type_name: str, function: str, registered: dict[str, dict[str, Any]], schema: graphql.GraphQLSchema
) -> tuple[dict[str, str], str]:
    """({flag: type}, return type name) of `function` on `type_name`."""
    if type_name in registered:
        functions = registered[type_name]
        if function not in functions:
            raise ValueError(f"{type_name} has no function {function!r} (has: {sorted(functions)})")
        fn = functions[function]
        return {kebab(a): spec["type"] for a, spec in fn["args"].items()}, fn["returns"].strip("!")
    gql_type = schema.type_map.get(type_name)
    if not isinstance(gql_type, graphql.GraphQLObjectType):
        raise ValueError(f"unknown type {type_name}")
    camel = re.sub(r"-(\w)", lambda m: m.group(1).upper(), function)
    if camel not in gql_type.fields:
        raise ValueError(f"{type_name} has no function {function!r}")
    field = gql_type.fields[camel]
    args = {kebab(a): str(arg.type) for a, arg in field.args.items()}
    return args, str(graphql.get_named_type(field.type))


def check_call(command: str, registered: dict[str, dict[str, Any]], schema: graphql.GraphQLSchema) -> list[str]:
    """The functions a `dagger call` command line invokes, in order; raises ValueError on any mismatch."""
    words = shlex.split(command.replace("\\\n", " "))
    if words[:2] != ["dagger", "call"]:
        raise ValueError(f"not a dagger call: {command}")
    words = words[2:]
    type_name, function, chain = "Remediate", "", []
    args, returns = _signature(type_name, "", registered, schema)
    required = _required(registered, type_name, "", args)
    i = 0
    while i < len(words):
        word = words[i]
        if word in GLOBAL_SWITCHES:
            i += 1
            continue
        if word in GLOBAL_FLAGS_WITH_VALUE:
            i += 2
            continue
        if word.startswith("--"):
            flag, _, inline = word[2:].partition("=")
            if flag not in args:
                raise ValueError(
                    f"{type_name}.{function or '(constructor)'} has no flag --{flag} (has: {sorted(args)})"
                )
            required.discard(flag)
            i += 1 if inline or args[flag].startswith("Boolean") else 2
            continue
        if required:
            raise ValueError(f"{type_name}.{function or '(constructor)'} misses required --{sorted(required)[0]}")
        if function:
            type_name = returns
        function = word
        args, returns = _signature(type_name, function, registered, schema)
        required = _required(registered, type_name, function, args)
        chain.append(f"{type_name}.{function}")
        i += 1
    if required:
        raise ValueError(f"{type_name}.{function} misses required --{sorted(required)[0]}")
    return chain


def _required(registered: dict[str, dict[str, Any]], type_name: str, function: str, args: dict[str, str]) -> set[str]:
    """Flags that must be given: non-null, no default value, no default path."""
    if type_name not in registered:
        return {f for f, t in args.items() if t.endswith("!")}
    specs = {kebab(n): s for n, s in registered[type_name][function]["args"].items()}
    return {
        f for f, t in args.items()
        if t.endswith("!") and specs[f]["default"] is None and specs[f]["default_path"] is None
    }  # fmt: skip


def dagger_calls(text: str) -> list[str]:
    """Every `dagger call ...` command in a text (shell blocks, YAML run: scripts), continuations joined."""
    joined = re.sub(r"\\\n\s*", " ", text)
    return [m.group(0).strip() for m in re.finditer(r"dagger call [^\n#|>]*", joined)]
