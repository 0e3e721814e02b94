"""`python -m fakecord BASE_URL MODULE|SCRIPT.py [ARG...]`: run a bot against a fake Discord."""

import sys

from fakecord.server import launch

launch(sys.argv[1:])
