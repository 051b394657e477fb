from hoithao.cli import command

# the guard matters on Windows: worker processes are spawned and re-import the main module
if __name__ == "__main__":
    command()
