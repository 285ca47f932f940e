GREETING = "hello from a local module"
