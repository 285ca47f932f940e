print("/home/builder/secret-notes.txt")
