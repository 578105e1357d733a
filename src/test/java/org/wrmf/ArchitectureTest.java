package org.wrmf;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wrmf.als.Objective;
import org.wrmf.als.SolverSettings;

/**
 * The package layering, as the README draws it. Each package may use only the packages listed for it;
 * the graph has no cycle; the configuration library is read by the command line alone, the engine
 * runs no Spark SQL and the numeric core does not touch Spark. No two classes share a simple name, so a
 * name found in a log, a stack trace or a review says which class it is.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMain() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.wrmf");
    }

    /** The allowed directions: a layer may use the layers named after "mayOnlyAccessLayers". */
    static Architectures.LayeredArchitecture layers() {
        return Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("main")
                .definedBy("org.wrmf")
                .layer("cli")
                .definedBy("org.wrmf.cli..")
                .layer("ml")
                .definedBy("org.wrmf.ml..")
                .layer("bench")
                .definedBy("org.wrmf.bench..")
                .layer("report")
                .definedBy("org.wrmf.report..")
                .layer("tuning")
                .definedBy("org.wrmf.tuning..")
                .layer("eval")
                .definedBy("org.wrmf.eval..")
                .layer("io")
                .definedBy("org.wrmf.io..")
                .layer("data")
                .definedBy("org.wrmf.data..")
                .layer("als")
                .definedBy("org.wrmf.als..")
                .layer("rank")
                .definedBy("org.wrmf.rank..")
                .layer("linalg")
                .definedBy("org.wrmf.linalg..")
                .layer("common")
                .definedBy("org.wrmf.common..")
                .whereLayer("main")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("cli")
                .mayOnlyBeAccessedByLayers("main")
                .whereLayer("ml")
                .mayOnlyBeAccessedByLayers("cli", "bench")
                .whereLayer("bench")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("report")
                .mayOnlyBeAccessedByLayers("main", "cli", "bench")
                .whereLayer("tuning")
                .mayOnlyBeAccessedByLayers("cli", "bench", "report")
                .whereLayer("eval")
                .mayOnlyBeAccessedByLayers("cli", "ml", "bench", "report", "tuning")
                .whereLayer("io")
                .mayOnlyBeAccessedByLayers("cli", "ml", "bench", "report", "tuning", "data")
                .whereLayer("data")
                .mayOnlyBeAccessedByLayers("cli", "ml", "bench", "report")
                .whereLayer("als")
                .mayOnlyBeAccessedByLayers("cli", "ml", "bench", "report", "tuning", "eval", "io", "data")
                .whereLayer("rank")
                .mayOnlyBeAccessedByLayers("cli", "ml", "bench", "report", "tuning", "eval", "io")
                .whereLayer("linalg")
                .mayOnlyBeAccessedByLayers(
                        "cli", "ml", "bench", "report", "tuning", "eval", "io", "data", "als", "rank");
    }

    @Test
    void layersDependOneWayOnly() {
        layers().check(classes);
    }

    @Test
    void noCycleBetweenPackages() {
        slices().matching("org.wrmf.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheCommandLineReadsTheConfiguration() {
        ArchRule rule = noClasses()
                .that()
                .resideOutsideOfPackages("org.wrmf", "org.wrmf.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.typesafe.config..");
        rule.check(classes);
    }

    @Test
    void theNumericCoreHasNoSpark() {
        noClasses()
                .that()
                .resideInAPackage("org.wrmf.linalg..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.spark..", "scala..")
                .check(classes);
    }

    /** RDDs only: DataFrames belong to the data and output layers (the engine touches files only to
     *  delete its own checkpoints). */
    @Test
    void theEngineRunsNoSql() {
        noClasses()
                .that()
                .resideInAPackage("org.wrmf.als..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.spark.sql..")
                .check(classes);
    }

    /**
     * A model description is made in a few places only: from the settings (cli), from a manifest (report),
     * from the Spark ML params or a saved model (ml), for the benchmarks' variants (bench), and by the
     * engine's own withers (als). Everything else (the
     * grid among them) derives one from a description it was given, so no layer invents defaults.
     */
    @Test
    void modelDescriptionsAreMadeFromSettingsOrManifestsOnly() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "org.wrmf.cli..", "org.wrmf.ml..", "org.wrmf.report..", "org.wrmf.bench..", "org.wrmf.als..")
                .should()
                .callConstructorWhere(DescribedPredicate.describe(
                        "the constructor of Objective or SolverSettings",
                        (JavaConstructorCall call) -> call.getTargetOwner().isEquivalentTo(Objective.class)
                                || call.getTargetOwner().isEquivalentTo(SolverSettings.class)))
                .check(classes);
    }

    /**
     * The engine is made in one place, the training path of {@link org.wrmf.ml.Wrmf} that the library's fit,
     * the commands and the benchmarks share (a choice of engine goes there); the grid's learning curves
     * make their own, since they score the model between iterations.
     */
    @Test
    void theEngineIsMadeInOnePlace() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(org.wrmf.ml.Wrmf.class.getName())
                .and()
                .resideOutsideOfPackages("org.wrmf.tuning..", "org.wrmf.als..")
                .should()
                .callConstructorWhere(DescribedPredicate.describe(
                        "the constructor of ImplicitAls or InMemoryAls",
                        (JavaConstructorCall call) ->
                                call.getTargetOwner().isEquivalentTo(org.wrmf.als.ImplicitAls.class)
                                        || call.getTargetOwner().isEquivalentTo(org.wrmf.als.InMemoryAls.class)))
                .orShould()
                .callMethod(
                        org.wrmf.als.AlsTrainer.class,
                        "open",
                        org.apache.spark.api.java.JavaRDD.class,
                        int.class,
                        int.class,
                        org.wrmf.als.AlsParams.class,
                        org.wrmf.als.FitExecution.class)
                .check(classes);
    }

    /** Top-level and nested types alike; anonymous and compiler-made classes have no name of their own. */
    @Test
    void noTwoClassesShareASimpleName() {
        classes()
                .that()
                .areNotAnonymousClasses()
                .and()
                .doNotHaveModifier(JavaModifier.SYNTHETIC)
                .and()
                .doNotHaveSimpleName("package-info")
                .should(haveASimpleNameNoOtherClassHas())
                .check(classes);
    }

    private static ArchCondition<JavaClass> haveASimpleNameNoOtherClassHas() {
        return new ArchCondition<>("have a simple name no other class has") {
            private final Map<String, List<String>> namesBySimpleName = new HashMap<>();

            @Override
            public void init(Collection<JavaClass> all) {
                for (JavaClass c : all) {
                    namesBySimpleName
                            .computeIfAbsent(c.getSimpleName(), n -> new ArrayList<>())
                            .add(c.getName());
                }
            }

            @Override
            public void check(JavaClass c, ConditionEvents events) {
                List<String> same = namesBySimpleName.get(c.getSimpleName());
                if (same.size() > 1) {
                    events.add(SimpleConditionEvent.violated(c, c.getName() + " shares its simple name with " + same));
                }
            }
        };
    }
}
