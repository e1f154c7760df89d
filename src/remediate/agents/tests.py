"""The tests specialist: the root cause is in the code under test; the tests are evidence."""

from remediate.agents.specialist import EXPLORE_TOOLS, Specialist
from remediate.models import Budget, Category

TESTS = Specialist(
    name="tests",
    prompt="tests.md",
    description="failing tests whose root cause is in the code under test (assertions, exceptions, renamed names)",
    categories=(Category.TEST,),
    tools=EXPLORE_TOOLS,
    budget=Budget(tool_calls=20, model_calls=25, usd=0.50, seconds=300),
    context=("file_regions",),
)
