from recap.cli import run

run()
