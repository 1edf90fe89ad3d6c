"""Django's date and time formats for each language, from `displace.web.formatting`: the
`date` filter and `date_format` write a date the way the rest of the app does."""
