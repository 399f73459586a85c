package model

// Seeds are what the rules of a run read, as a front-end needs to know it
// to skip what no rule can care about: the Terraform front-end parses only
// the blocks they name and the blocks those need. The rules build it from
// their declarations (rules.Seeds); it is plain data, so that no parser
// imports the rules and a new rule's needs reach the front-ends without
// editing them.
type Seeds struct {
	// Types are the resource types rules read by type.
	Types []string
	// Data are the data source types rules read: terraform_remote_state.
	Data []string
	// Settings are the provider and backend blocks rules read, with the
	// attributes they read of them: the aws provider's access_key, the s3
	// backend's.
	Settings []SettingSeed
	// Policies says rules read policy documents, wherever they are
	// written; ResourcePolicies that they read those attached to a
	// resource (a bucket's, a queue's) too, not only identity and trust
	// policies.
	Policies, ResourcePolicies bool
	// Literals says rules read the free text of files: key-ID literals.
	Literals bool
	// Flow says rules follow key material from its sources to the sinks.
	Flow bool
	// SinkTypes are the resource types the credential flow reads as
	// sinks; AnySink says a sink may be a resource of any type.
	SinkTypes []string
	AnySink   bool
	// StoreTypes are the resource types that keep a value for workloads
	// to read back by name (an SSM parameter): a workload that spells the
	// name of one that holds a key reads the key.
	StoreTypes []string
	// WriterTypes are the resource types that write a value into the
	// store they refer to (a secret version into its secret).
	WriterTypes []string
}

// SettingSeed is a kind of provider or backend block rules read, and the
// attributes they read of it.
type SettingSeed struct {
	Mode  Mode   // Provider or Backend
	Type  string // aws, s3
	Attrs []string
}
