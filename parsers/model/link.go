package model

// Link ties a reference in one module to the output of another module of the
// same scan that provides its value, when the parser can tell which one:
// an Fn::ImportValue to the Output exporting that name, a nested stack's
// Fn::GetAtt Stack.Outputs.X to output X of the child template. The flow
// analysis follows links across modules the way it follows a module call.
type Link struct {
	Ref    Ref     // the reading reference, with its range in this module
	Module *Module // the module that defines Output
	Output *Output
}
