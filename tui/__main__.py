import sys

from briefing.tui.cli import main

sys.exit(main())
