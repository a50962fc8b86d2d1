"""System tests: the real stacks (Liberty, NGINX, Apollo Router) started by the project's scripts.

The stacks are started once per test session and stopped at its end. Tests that stop a service
instance to test a fault start it again before they finish.
"""
import os

import pytest
from stack import run_script

# The variables gateway/router/router.yaml takes its addresses from (docker-compose.yml sets
# them), and the router's own listen-address override, pointing elsewhere. The GraphQL stack is
# started with them in its environment: scripts/start-graphql.sh unsets them, so the router still listens on 127.0.0.1 (which
# start-graphql.sh waits for and test_safe_defaults_live.py checks) and fetches from the local
# subgraphs (test_graphql_router.py).
STRAY_ROUTER_ENVIRONMENT = {"ROUTER_LISTEN_HOST": "127.0.0.3",
                            "USER_SUBGRAPH_URL": "http://127.0.0.1:9/graphql",
                            "SITE_SUBGRAPH_URL": "http://127.0.0.1:9/graphql",
                            "ROBOT_SUBGRAPH_URL": "http://127.0.0.1:9/graphql",
                            "APOLLO_ROUTER_LISTEN_ADDRESS": "127.0.0.3:4001"}


@pytest.fixture(scope="session")
def stacks():
    """Both architectures, started through the README's scripts."""
    try:
        run_script("start-rest.sh")
        run_script("start-graphql.sh", env={**os.environ, **STRAY_ROUTER_ENVIRONMENT})
        yield
    finally:
        run_script("stop.sh")
