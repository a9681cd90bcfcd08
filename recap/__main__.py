"""`python -m recap` and the `recap` command."""

import sys


def main() -> None:
    """Run the command line; Ctrl-C while it is still starting up exits quietly too."""
    try:
        from recap.cli import run
    except KeyboardInterrupt:
        sys.exit(130)
    run()


if __name__ == "__main__":
    main()
