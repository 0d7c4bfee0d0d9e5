"""The baseline for benchmarks/startup.py: an empty Textual app (Header, one line, Footer)."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class EmptyApp(App[None]):
    TITLE = "empty"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("EMPTY-APP-READY")
        yield Footer()


if __name__ == "__main__":
    EmptyApp().run()
