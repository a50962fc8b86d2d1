"""The one exception the report generator raises for unusable inputs."""


class InputError(Exception):
    """An input file is missing, unreadable or not what the report expects.

    The message names the file and says what to do; `bench report` prints it and exits 2.
    """
