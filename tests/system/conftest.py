"""System tests: the real stacks (Liberty, NGINX, Apollo Router) started by the project's scripts.

The stacks are started once per test session and stopped at its end. Tests that stop a service
instance to test a fault start it again before they finish.
"""
import pytest
from stack import run_script


@pytest.fixture(scope="session")
def stacks():
    """Both architectures, started through the README's scripts."""
    try:
        run_script("start-rest.sh")
        run_script("start-graphql.sh")
        yield
    finally:
        run_script("stop.sh")
