package dev.labbook.runs;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Readable generated run names in MLflow's "adjective-noun-NNN" form. */
public final class RunNames {
    private static final List<String> ADJECTIVES = List.of(
            "amber", "bold", "brisk", "calm", "clever", "crisp", "daring", "eager", "fancy", "gentle",
            "golden", "hasty", "honest", "jolly", "keen", "lively", "lucky", "merry", "nimble", "polite",
            "proud", "quiet", "rapid", "silent", "smooth", "steady", "sunny", "swift", "tidy", "vivid",
            "warm", "wise", "witty", "zesty", "bright", "cosmic", "dapper", "fearless", "glossy", "humble");
    private static final List<String> NOUNS = List.of(
            "otter", "falcon", "maple", "comet", "badger", "harbor", "lantern", "meadow", "orchid", "panda",
            "pebble", "quartz", "raven", "river", "robin", "salmon", "sparrow", "summit", "tiger", "tulip",
            "walrus", "willow", "zebra", "beacon", "canyon", "dolphin", "ember", "fjord", "glacier", "heron",
            "island", "jaguar", "koala", "lynx", "moose", "nebula", "owl", "puffin", "reef", "stork");

    private RunNames() {}

    public static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "-"
                + NOUNS.get(random.nextInt(NOUNS.size())) + "-" + random.nextInt(1000);
    }
}
