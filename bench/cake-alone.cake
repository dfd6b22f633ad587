// The floor under every ./build.sh target: Cake starting, finding this script in its cache and running one empty
// task. bench/ times it beside Verify and the reference checks, so the share of Verify's time that is Cake's own
// start-up is measured in the same run, not assumed.
Task("Nothing").Does(() => { });
RunTarget("Nothing");
