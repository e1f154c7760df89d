"""The SQL / dbt specialist: fix the downstream model or query that breaks, never the upstream
table or the data. Facts: the failing model, its compiled SQL, the upstream relations' columns."""

from remediate.agents.specialist import EXPLORE_TOOLS, Specialist
from remediate.models import Budget, Category
from remediate.tools import DEFAULT_PROTECTED

SQL = Specialist(
    name="sql",
    prompt="sql.md",
    description="SQL and dbt failures: database errors in models or queries, wrong joins or columns, "
    "tests over SQL output",
    categories=(Category.SQL,),
    tools=EXPLORE_TOOLS,
    budget=Budget(tool_calls=16, model_calls=18, usd=0.50, seconds=420),
    writable=("*.sql", "*.py"),
    # Raw data and seeds are evidence; the profile and project config are the environment.
    protected=(*DEFAULT_PROTECTED, "seeds/**", "data/**", "*.csv", "*.parquet", "profiles.yml", "dbt_project.yml"),
    context=("sql", "file_regions"),
)
