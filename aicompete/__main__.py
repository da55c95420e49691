from aicompete.core import main

main()
