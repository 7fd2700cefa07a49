package dev.backgroundjobs.it.interop;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A job as Jesque runs it: a Runnable built from the payload's args through its constructor. */
public class JesqueSideJob implements Runnable {

    static final List<String> RUNS = new CopyOnWriteArrayList<>();

    private final String name;
    private final Integer times;

    public JesqueSideJob(String name, Integer times) {
        this.name = name;
        this.times = times;
    }

    @Override
    public void run() {
        RUNS.add(name + "x" + times);
    }
}
