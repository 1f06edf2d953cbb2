"""The generated briefing (简报): sentences from the figures in the bureau's register (`sentences`), numbers
as Chinese statistics write them (`numbers`), charts as PNG images (`charts`), the Word document and the
HTML page (`document`), and the service that keeps each briefing (`services`)."""
