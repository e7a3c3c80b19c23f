"""``newstrace spark`` as a file spark-submit can run (it takes a Python file, not a console script)::

    spark-submit --master yarn ... "$(python -c 'import newstrace.spark.__main__ as m; print(m.__file__)')" \\
        hdfs:///corpus/ --out report/
"""

import sys

from newstrace.cli import main

if __name__ == "__main__":
    sys.argv[1:1] = ["spark"]
    main()
