"""Subcommands of `briefing`, one module each: register(subparsers) and run(args) -> int."""
