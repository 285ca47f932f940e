# en: Floods standard output, standard error and every other inherited descriptor at once.
# zh: 同时向标准输出、标准错误和其他每个继承的描述符灌入数据。
import os
import threading

from _inherited import inherited


def flood(fd: int) -> None:
    block = b"y" * 65536
    try:
        for _ in range(2000):
            os.write(fd, block)
    except OSError:
        pass


threads = [threading.Thread(target=flood, args=(fd,), daemon=True) for fd in [1, 2, *inherited(writable=True)]]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("done")
