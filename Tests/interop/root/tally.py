"""The ROOT interop scripts' one way of counting checks: each failure printed with what was checked,
and the `N passed, M failed` line every run.sh sums."""


class Tally:
    def __init__(self):
        self.passed = self.failed = 0

    def __call__(self, ok, what, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL", what, str(detail).strip()[:300])

    def summary(self):
        """Prints the count line and returns the exit status: 1 if any check failed."""
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0
