//! `random_pet`: a random pet name such as `brave-otter`, for unique names that
//! read well.

use terrace_provider::{Attribute, Block, Diag, Diags, Schema, Type, Value};

use super::rng::Rng;
use crate::resource::{check_int, get_i64, get_str, Attrs, ResourceType};

pub struct RandomPet;

/// Adverbs, one per word beyond two (`length = 3` gives `adverb-adjective-name`).
#[rustfmt::skip]
pub const ADVERBS: &[&str] = &[
    "abnormally", "absolutely", "accurately", "actively", "actually", "adequately", "admittedly", "adversely",
    "allegedly", "amazingly", "annually", "apparently", "arguably", "awfully", "badly", "barely", "basically",
    "blatantly", "blindly", "boldly", "briefly", "brightly", "briskly", "broadly", "busily", "calmly", "carefully",
    "casually", "certainly", "cheaply", "cheerfully", "clearly", "closely", "commonly", "completely", "correctly",
    "crisply", "curiously", "daily", "deadly", "deeply", "definitely", "deftly", "densely", "directly", "distinctly",
    "eagerly", "early", "easily", "equally", "evenly", "evidently", "exactly", "fairly", "famously", "finally",
    "firmly", "fluently", "formally", "frankly", "freely", "frequently", "fully", "gently", "gladly", "gratefully",
    "greatly", "happily", "hardly", "healthily", "heartily", "highly", "honestly", "hugely", "humbly", "ideally",
    "immensely", "instantly", "intensely", "jointly", "jolly", "justly", "keenly", "kindly", "largely", "lately",
    "lawfully", "lightly", "likely", "literally", "lively", "loudly", "lovely", "loyally", "mainly", "manually",
    "markedly", "merely", "mildly", "modestly", "mostly", "namely", "nationally", "naturally", "neatly", "newly",
    "nicely", "noticeably", "notably", "oddly", "openly", "overly", "partly", "patiently", "perfectly", "physically",
    "plainly", "pleasantly", "politely", "poorly", "positively", "possibly", "presently", "previously", "primarily",
    "privately", "probably", "promptly", "properly", "proudly", "publicly", "purely", "quickly", "quietly",
    "radically", "randomly", "rapidly", "rarely", "rationally", "readily", "really", "reasonably", "recently",
    "regularly", "reliably", "remarkably", "repeatedly", "rightly", "roughly", "routinely", "sadly", "safely",
    "scarcely", "secondly", "secretly", "seemingly", "sensibly", "separately", "seriously", "sharply", "sheerly",
    "shortly", "simply", "sincerely", "slightly", "slowly", "smoothly", "socially", "softly", "solely", "specially",
    "steadily", "strangely", "strictly", "strongly", "subtly", "suddenly", "suitably", "supposedly", "surely",
    "swiftly", "terribly", "thankfully", "totally", "truly", "typically", "ultimately", "uniquely", "unlikely",
    "usefully", "usually", "vastly", "verbally", "vertically", "violently", "virtually", "visually", "warmly",
    "weekly", "wholly", "widely", "wildly", "willingly", "wisely", "yearly",
];

/// Adjectives: the word before the name.
#[rustfmt::skip]
pub const ADJECTIVES: &[&str] = &[
    "able", "above", "absolute", "accepted", "accurate", "ace", "active", "actual", "adapted", "adapting", "adequate",
    "adjusted", "advanced", "alert", "alive", "allowed", "allowing", "amazed", "amazing", "ample", "amused",
    "amusing", "apparent", "apt", "arriving", "assured", "awaited", "awake", "aware", "balanced", "becoming",
    "beloved", "better", "big", "blessed", "bold", "boss", "brave", "brief", "bright", "bursting", "busy", "calm",
    "capable", "capital", "careful", "caring", "casual", "causal", "central", "certain", "champion", "charmed",
    "charming", "cheerful", "chief", "choice", "civil", "classic", "clean", "clear", "clever", "climbing", "close",
    "closing", "coherent", "comic", "communal", "complete", "composed", "concise", "concrete", "content", "cool",
    "correct", "cosmic", "crack", "creative", "credible", "crisp", "crucial", "cuddly", "cunning", "curious",
    "current", "cute", "daring", "darling", "dashing", "dear", "decent", "deciding", "deep", "definite", "delicate",
    "desired", "destined", "devoted", "direct", "discrete", "distinct", "diverse", "divine", "dominant", "driven",
    "driving", "dynamic", "eager", "easy", "electric", "elegant", "emerging", "eminent", "enabled", "enabling",
    "endless", "engaged", "engaging", "enhanced", "enjoyed", "enormous", "epic", "equal", "equipped", "eternal",
    "ethical", "evident", "evolved", "evolving", "exact", "excited", "exciting", "exotic", "expert", "factual",
    "fair", "faithful", "famous", "fancy", "fast", "feasible", "fine", "finer", "firm", "first", "fit", "fitting",
    "fleet", "flexible", "flowing", "fluent", "flying", "fond", "frank", "free", "fresh", "full", "fun", "funny",
    "game", "generous", "gentle", "genuine", "giving", "glad", "glorious", "glowing", "golden", "good", "gorgeous",
    "grand", "grateful", "great", "growing", "grown", "guided", "guiding", "handy", "happy", "hardy", "harmless",
    "healthy", "helped", "helpful", "helping", "heroic", "hip", "holy", "honest", "hopeful", "hot", "huge", "humane",
    "humble", "humorous", "ideal", "immense", "immortal", "immune", "improved", "included", "infinite", "informed",
    "innocent", "inspired", "integral", "intense", "intent", "internal", "intimate", "inviting", "joint", "just",
    "keen", "key", "kind", "knowing", "known", "large", "lasting", "leading", "learning", "legal", "legible",
    "lenient", "liberal", "light", "liked", "literate", "live", "living", "logical", "loved", "loving", "loyal",
    "lucky", "magical", "magnetic", "main", "major", "massive", "master", "mature", "maximum", "measured", "meet",
    "merry", "mighty", "mint", "model", "modern", "modest", "moral", "moved", "moving", "musical", "mutual",
    "national", "native", "natural", "nearby", "neat", "needed", "neutral", "new", "next", "nice", "noble", "normal",
    "notable", "noted", "novel", "obliging", "open", "optimal", "optimum", "organic", "oriented", "outgoing",
    "patient", "peaceful", "perfect", "pet", "picked", "pleasant", "pleased", "pleasing", "poetic", "polished",
    "polite", "popular", "positive", "possible", "powerful", "precious", "precise", "present", "pretty", "primary",
    "prime", "pro", "probable", "profound", "promoted", "prompt", "proper", "proud", "proven", "pumped", "pure",
    "quality", "quick", "quiet", "rapid", "rare", "rational", "ready", "real", "refined", "regular", "related",
    "relative", "relaxed", "relaxing", "relevant", "relieved", "renewed", "renewing", "resolved", "rested", "rich",
    "right", "robust", "romantic", "ruling", "sacred", "safe", "saved", "saving", "secure", "select", "selected",
    "sensible", "set", "settled", "settling", "sharing", "sharp", "shining", "simple", "sincere", "singular",
    "skilled", "smart", "smashing", "smiling", "smooth", "social", "solid", "sought", "sound", "special", "splendid",
    "square", "stable", "star", "steady", "sterling", "still", "stirred", "stirring", "striking", "strong",
    "stunning", "subtle", "suitable", "suited", "summary", "sunny", "super", "superb", "supreme", "sure", "sweeping",
    "sweet", "talented", "teaching", "tender", "thankful", "thorough", "tidy", "tight", "together", "tolerant", "top",
    "topical", "touched", "touching", "tough", "true", "trusted", "trusting", "trusty", "ultimate", "unbiased",
    "uncommon", "unified", "unique", "united", "upright", "upward", "usable", "useful", "valid", "valued", "vast",
    "verified", "viable", "vital", "vocal", "wanted", "warm", "wealthy", "welcome", "welcomed", "well", "whole",
    "willing", "winning", "wired", "wise", "witty", "wondrous", "workable", "working", "worthy",
];

/// Names: animals.
#[rustfmt::skip]
pub const NAMES: &[&str] = &[
    "aardvark", "albatross", "alien", "alpaca", "anchovy", "anemone", "ant", "anteater", "antelope", "ape", "asp",
    "baboon", "badger", "barnacle", "bass", "bat", "bear", "beagle", "beaver", "bee", "beetle", "bengal", "bird",
    "bison", "blowfish", "bluebird", "bluegill", "bluejay", "boa", "boar", "bobcat", "bonefish", "boxer", "bream",
    "buck", "buffalo", "bug", "bull", "bulldog", "bullfrog", "bunny", "buzzard", "calf", "camel", "canary",
    "capybara", "cardinal", "caribou", "carp", "cat", "catfish", "cattle", "chamois", "cheetah", "chicken", "chigger",
    "chimp", "chipmunk", "cicada", "clam", "cobra", "cockatoo", "cod", "colt", "condor", "coral", "cougar", "cow",
    "coyote", "crab", "crane", "crappie", "crawdad", "crayfish", "cricket", "crow", "cub", "dane", "deer", "dingo",
    "dinosaur", "doe", "dog", "dogfish", "dolphin", "donkey", "dory", "dove", "dragon", "drake", "drum", "duck",
    "duckling", "eagle", "earwig", "eel", "egret", "elephant", "elf", "elk", "emu", "escargot", "ewe", "falcon",
    "fawn", "feline", "ferret", "finch", "firefly", "fish", "flamingo", "flea", "flounder", "fly", "foal", "fowl",
    "fox", "frog", "gar", "gazelle", "gecko", "gelding", "gibbon", "giraffe", "glider", "gnat", "gnu", "goat",
    "goldfish", "goose", "gopher", "gorilla", "grackle", "griffon", "grizzly", "grouper", "grouse", "grub",
    "grubworm", "guinea", "gull", "guppy", "haddock", "hagfish", "halibut", "hamster", "hare", "hawk", "hedgehog",
    "hen", "heron", "herring", "hippo", "hog", "honeybee", "hookworm", "hornet", "horse", "hound", "humpback",
    "husky", "hyena", "ibex", "iguana", "impala", "insect", "jackal", "jaguar", "jawfish", "jay", "jennet", "jackass",
    "jaybird", "jellyfish", "kangaroo", "katydid", "kid", "killdeer", "kingfish", "kit", "kite", "kitten", "kiwi",
    "koala", "koi", "krill", "labrador", "ladybird", "ladybug", "lamb", "lamprey", "lark", "leech", "lemming",
    "lemur", "leopard", "liger", "limpet", "lion", "lionfish", "lizard", "llama", "lobster", "locust", "longhorn",
    "loon", "louse", "lynx", "macaque", "macaw", "mackerel", "maggot", "magpie", "malamute", "mallard", "mammal",
    "mammoth", "manatee", "mantis", "marlin", "marmoset", "marmot", "marten", "martin", "mastiff", "mastodon",
    "mayfly", "meerkat", "midge", "mink", "minnow", "mite", "moccasin", "mole", "mollusk", "molly", "monarch",
    "mongoose", "monitor", "monkey", "monkfish", "monster", "moose", "moray", "mosquito", "moth", "mouse", "mudfish",
    "mule", "mullet", "muskox", "muskrat", "mustang", "mutt", "narwhal", "newt", "nightingale", "octopus", "ocelot",
    "opossum", "orca", "oriole", "osprey", "ostrich", "otter", "owl", "ox", "oyster", "panda", "panther", "parakeet",
    "parrot", "peacock", "pegasus", "pelican", "penguin", "perch", "pheasant", "phoenix", "pig", "pigeon", "piglet",
    "pika", "pipefish", "piranha", "platypus", "polecat", "polliwog", "pony", "poodle", "porpoise", "possum", "prawn",
    "primate", "pug", "puma", "pup", "python", "quagga", "quail", "quetzal", "rabbit", "raccoon", "racer", "ram",
    "raptor", "rat", "rattler", "raven", "ray", "redbird", "redfish", "reindeer", "reptile", "rhino", "ringtail",
    "robin", "rodent", "rooster", "roughy", "sailfish", "salmon", "satyr", "sawfish", "sawfly", "scorpion", "sculpin",
    "seagull", "seahorse", "seal", "seasnail", "serval", "shad", "shark", "sheep", "sheepdog", "shepherd", "shiner",
    "shrew", "shrimp", "silkworm", "skink", "skunk", "skylark", "sloth", "slug", "snail", "snake", "snapper", "snipe",
    "sole", "sparrow", "spaniel", "spider", "sponge", "squid", "squirrel", "stag", "stallion", "starfish", "starling",
    "stingray", "stinkbug", "stork", "sturgeon", "sunbird", "sunfish", "swan", "swift", "swine", "tadpole", "tahr",
    "tapir", "tarpon", "teal", "termite", "terrapin", "terrier", "tetra", "thrush", "tick", "tiger", "titmouse",
    "toad", "tortoise", "toucan", "treefrog", "trout", "tuna", "turkey", "turtle", "unicorn", "urchin", "vervet",
    "viper", "vulture", "wahoo", "wallaby", "walleye", "walrus", "warthog", "wasp", "weasel", "weevil", "werewolf",
    "whale", "whippet", "wildcat", "wolf", "wombat", "woodcock", "worm", "wren", "yak", "yeti", "zebra",
];

impl ResourceType for RandomPet {
    fn name(&self) -> &'static str {
        "random_pet"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: Block::new()
                .attr("keepers", super::keepers())
                .attr(
                    "length",
                    Attribute::optional_computed(Type::Number)
                        .force_new()
                        .describe("The length (in words) of the pet name. Defaults to 2"),
                )
                .attr(
                    "prefix",
                    Attribute::optional(Type::String).force_new().describe("A string to prefix the name with."),
                )
                .attr(
                    "separator",
                    Attribute::optional_computed(Type::String)
                        .force_new()
                        .describe("The character to separate words in the pet name. Defaults to \"-\""),
                )
                .attr("id", Attribute::computed(Type::String).describe("The random pet name.")),
        }
    }

    fn default_value(&self, attr: &str) -> Option<Value> {
        match attr {
            "length" => Some(Value::int(2)),
            "separator" => Some(Value::string("-")),
            _ => None,
        }
    }

    fn validate(&self, config: &Attrs) -> Diags {
        let mut diags = Vec::new();
        check_int(config, "length", Some(1), &mut diags);
        diags
    }

    fn needs_replace(&self, attr: &str, prior: &Value, planned: &Value) -> bool {
        super::needs_replace(attr, prior, planned)
    }

    fn create(&self, planned: &Attrs) -> Result<Attrs, Diags> {
        let length = get_i64(planned, "length").unwrap_or(2);
        if length < 1 {
            return Err(vec![Diag::error("Create Random Pet error", "length must be at least 1.")]);
        }
        let sep = get_str(planned, "separator").unwrap_or("-");
        let mut name = generate(length as usize, sep, &mut Rng::Os);
        if let Some(prefix) = get_str(planned, "prefix").filter(|p| !p.is_empty()) {
            name = format!("{prefix}{sep}{name}");
        }
        Ok(Attrs::from([("id".to_string(), Value::string(name))]))
    }
}

/// `words` words joined by `sep`: adverbs, then an adjective, then a name.
pub fn generate(words: usize, sep: &str, rng: &mut Rng) -> String {
    let mut pick = |list: &[&'static str]| list[rng.below(list.len() as u64) as usize];
    let mut parts: Vec<&str> = Vec::with_capacity(words);
    if words >= 3 {
        for _ in 0..words - 2 {
            parts.push(pick(ADVERBS));
        }
    }
    if words >= 2 {
        parts.push(pick(ADJECTIVES));
    }
    parts.push(pick(NAMES));
    parts.join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::provider;
    use crate::resource::testing::*;
    use std::collections::BTreeSet;

    #[test]
    fn word_lists() {
        for (list, min) in [(ADVERBS, 100), (ADJECTIVES, 100), (NAMES, 100)] {
            assert!(list.len() >= min);
            let unique: BTreeSet<&&str> = list.iter().collect();
            assert_eq!(unique.len(), list.len(), "duplicates");
            assert!(list.iter().all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase())), "{list:?}");
        }
    }

    #[tokio::test]
    async fn defaults_and_shapes() {
        let p = provider();
        let p = p.as_ref();
        let cfg = config(p, "random_pet", &[]);
        let plan = plan(p, "random_pet", &Value::null(cfg.ty()), &cfg);
        assert_eq!(attr(&plan.planned, "length").to_json(), "2");
        assert_eq!(attr_str(&plan.planned, "separator"), "-");
        assert!(!attr(&plan.planned, "id").is_known());

        let state = create(p, "random_pet", &cfg).await;
        let id = attr_str(&state, "id");
        let words: Vec<&str> = id.split('-').collect();
        assert_eq!(words.len(), 2, "{id}");
        assert!(ADJECTIVES.contains(&words[0]) && NAMES.contains(&words[1]), "{id}");
        assert_noop(p, "random_pet", &state, &cfg);
        let explicit = config(p, "random_pet", &[("length", Value::int(2)), ("separator", Value::string("-"))]);
        assert_noop(p, "random_pet", &state, &explicit);
        assert_replaces(p, "random_pet", &state, &config(p, "random_pet", &[("length", Value::int(3))]), &["length"]);
        assert_replaces(
            p,
            "random_pet",
            &state,
            &config(p, "random_pet", &[("prefix", Value::string("x"))]),
            &["prefix"],
        );
        assert_replaces(
            p,
            "random_pet",
            &state,
            &config(p, "random_pet", &[("keepers", str_map(&[("a", "b")]))]),
            &["keepers"],
        );

        let cfg = config(
            p,
            "random_pet",
            &[("length", Value::int(4)), ("separator", Value::string("_")), ("prefix", Value::string("dev"))],
        );
        let state = create(p, "random_pet", &cfg).await;
        let id = attr_str(&state, "id");
        let words: Vec<&str> = id.split('_').collect();
        assert_eq!(words.len(), 5, "{id}");
        assert_eq!(words[0], "dev");
        assert!(ADVERBS.contains(&words[1]) && ADVERBS.contains(&words[2]));
        assert!(ADJECTIVES.contains(&words[3]) && NAMES.contains(&words[4]));

        let one = create(p, "random_pet", &config(p, "random_pet", &[("length", Value::int(1))])).await;
        assert!(NAMES.contains(&attr_str(&one, "id")));
    }

    #[test]
    fn validation() {
        let p = provider();
        let d = p.validate_resource("random_pet", &config(p.as_ref(), "random_pet", &[("length", Value::int(0))]));
        assert_eq!(d.len(), 1);
        assert!(p.validate_resource("random_pet", &config(p.as_ref(), "random_pet", &[])).is_empty());
    }
}
