# expect: runtime_error
# feedback: Keras 2's way of writing the input shape
# feedback: `input_shape=(3, 2)`
from tensorflow.keras.layers import Dense, SimpleRNN, TimeDistributed
from tensorflow.keras.models import Sequential

model = Sequential(
    [
        SimpleRNN(4, input_length=3, input_dim=2, return_sequences=True),
        TimeDistributed(Dense(4, activation="softmax")),
    ]
)
