# Twin of dev.weft.samples.RunCommands: four commands run at most two at a time, each with
# communicate(), their outputs gathered in argument order. The command that runs the Job program is
# given as arguments (PythonTwinsTest passes its java and classpath). PythonTwinsTest checks that it
# prints what RunCommands prints.
import asyncio
import sys

JOB = sys.argv[1:]


async def run(slots, input, *args):
    async with slots:
        name = " ".join(args)
        print(f"Running {name}...")
        child = await asyncio.create_subprocess_exec(
            *JOB, *args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE)
        out, err = await child.communicate(None if input is None else input.encode())
        return f'{name}: exit {child.returncode}, out "{out.decode()}", err "{err.decode()}"'


async def main():
    slots = asyncio.Semaphore(2)  # at most two children at a time
    results = await asyncio.gather(
        run(slots, "hello, subprocess", "upper"),
        run(slots, None, "primes", "100000"),
        run(slots, None, "primes", "1000"),
        run(slots, None, "fail"))
    for r in results:
        print(r)

asyncio.run(main())
