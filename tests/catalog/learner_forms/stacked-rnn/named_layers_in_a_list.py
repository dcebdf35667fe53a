# expect: accepted
# Names of the learner's own choosing change nothing.
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import SimpleRNN

model = Sequential(
    [Input(shape=(3, 2)), SimpleRNN(4, return_sequences=True, name="reader"), SimpleRNN(4, name="summary")],
    name="my_stack",
)
