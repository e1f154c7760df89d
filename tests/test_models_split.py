"""remediate.models is the one place every layer imports its types from; the run's types live in
runmodels.py and load on first use, so `remediate facts` builds only the facts' types."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest
from pydantic import BaseModel

import remediate.models as models


def test_every_run_type_is_reexported_and_nothing_else() -> None:
    from remediate import runmodels

    public = {
        name
        for name, value in vars(runmodels).items()
        if inspect.isclass(value) and value.__module__ == runmodels.__name__ and not name.startswith("_")
    }
    assert public == models._RUN_TYPES
    assert all(getattr(models, name) is getattr(runmodels, name) for name in public)
    assert set(models.__all__) >= public | {"Facts", "ErrorRecord", "Category", "Status", "ExitCode"}
    misspelt = "FixReprt"
    with pytest.raises(AttributeError, match=misspelt):
        getattr(models, misspelt)


def test_importing_models_builds_only_the_facts_types() -> None:
    code = (
        "import sys, remediate.models as m\n"
        "print('remediate.runmodels' in sys.modules)\n"
        "m.FixReport(run_id='r', status='fixed', message='', exit_code=0)\n"
        "print('remediate.runmodels' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]
    assert issubclass(models.FixReport, BaseModel) and models.FixReport.__module__ == "remediate.runmodels"
