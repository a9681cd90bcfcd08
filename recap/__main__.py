"""`python -m recap` and the `recap` command."""

import sys

# The commands that draw pages, which load numpy and pandas. They are loaded first, at
# the bottom of the call stack: imported deep inside click's callbacks, numpy's typing
# modules ran just where CPython 3.11's frame stack fills one 16 KiB chunk, and it
# allocated and freed the next chunk on each of thousands of calls (a fifth of a
# small build's time).
PAGE_COMMANDS = frozenset({"build", "watch", "embed"})


def main() -> None:
    """Run the command line; Ctrl-C while it is still starting up exits quietly too."""
    try:
        from recap.cli import EXIT_INTERRUPTED, run
    except KeyboardInterrupt:
        sys.exit(130)
    if draws_pages(sys.argv[1:]):
        try:
            import pandas  # noqa: F401
        except KeyboardInterrupt:
            sys.stderr.write("interrupted\n")  # as run() says it
            sys.exit(EXIT_INTERRUPTED)
    run()


def draws_pages(arguments: list[str]) -> bool:
    """Whether the command line runs a command that draws pages (not just its help)."""
    command = next((argument for argument in arguments if not argument.startswith("-")), None)
    return command in PAGE_COMMANDS and not {"-h", "--help"} & set(arguments)


if __name__ == "__main__":
    main()
