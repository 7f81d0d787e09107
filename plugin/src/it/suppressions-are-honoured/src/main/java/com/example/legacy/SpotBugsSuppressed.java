package com.example.legacy;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;

public class SpotBugsSuppressed {

    @SuppressFBWarnings(value = "run-instead-of-start", justification = "runs inline until the scheduler lands")
    public void refresh(Runnable task) {
        Thread refresher = new Thread(task);
        refresher.run();
    }
}
