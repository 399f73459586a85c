// Package pulumi is a stub of github.com/pulumi/pulumi/sdk/v3/go/pulumi
// with only what the tests use.
package pulumi

import "reflect"

type Context struct{}

func (ctx *Context) Export(name string, value Input) {}

func Run(body func(ctx *Context) error) {}

type ResourceOption interface{}

type URN string

type URNOutput struct{ *OutputState }

type CustomResourceState struct{}

func (*CustomResourceState) ID() IDOutput   { return IDOutput{} }
func (*CustomResourceState) URN() URNOutput { return URNOutput{} }

type Input interface{ ElementType() reflect.Type }

type Output interface {
	Input
	ApplyT(applier interface{}) Output
}

type OutputState struct{}

func (*OutputState) ElementType() reflect.Type           { return nil }
func (o *OutputState) ApplyT(applier interface{}) Output { return AnyOutput{} }

type AnyOutput struct{ *OutputState }

type StringInput interface {
	Input
	ToStringOutput() StringOutput
}

type StringPtrInput interface {
	Input
	ToStringPtrOutput() StringPtrOutput
}

type StringOutput struct{ *OutputState }

func (o StringOutput) ToStringOutput() StringOutput       { return o }
func (o StringOutput) ToStringPtrOutput() StringPtrOutput { return StringPtrOutput{} }

type StringPtrOutput struct{ *OutputState }

func (o StringPtrOutput) ToStringPtrOutput() StringPtrOutput { return o }

type IDOutput struct{ *OutputState }

func (IDOutput) ToStringOutput() StringOutput { return StringOutput{} }

type String string

func (String) ElementType() reflect.Type          { return nil }
func (String) ToStringOutput() StringOutput       { return StringOutput{} }
func (String) ToStringPtrOutput() StringPtrOutput { return StringPtrOutput{} }

type StringMapInput interface {
	Input
	ToStringMapOutput() StringMapOutput
}

type StringMap map[string]StringInput

func (StringMap) ElementType() reflect.Type          { return nil }
func (StringMap) ToStringMapOutput() StringMapOutput { return StringMapOutput{} }

type StringMapOutput struct{ *OutputState }

func (o StringMapOutput) ToStringMapOutput() StringMapOutput { return o }

type ArrayOutput struct{ *OutputState }

func Sprintf(format string, args ...interface{}) StringOutput { return StringOutput{} }

func All(inputs ...interface{}) ArrayOutput { return ArrayOutput{} }

func ToSecret(input interface{}) Output { return AnyOutput{} }

func StringRef(v string) *string { return &v }
